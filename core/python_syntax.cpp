#include "core/python_syntax.hpp"

#include <algorithm>
#include <cstring>

extern "C" const TSLanguage* tree_sitter_python(void);

namespace lanemerge::core {

PythonTree::PythonTree(std::string_view text)
    : text_(text), parser_(ts_parser_new(), ts_parser_delete), tree_(nullptr, ts_tree_delete) {
  ts_parser_set_language(parser_.get(), tree_sitter_python());
  tree_.reset(ts_parser_parse_string(parser_.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
}

namespace {

TSPoint point_at(std::string_view text, std::size_t byte) {
  TSPoint p{0, 0};
  std::size_t line_start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string_view::npos && nl < byte; nl = text.find('\n', nl + 1)) {
    ++p.row;
    line_start = nl + 1;
  }
  p.column = static_cast<uint32_t>(byte - line_start);
  return p;
}

}  // namespace

PythonTree::PythonTree(std::string_view text, const PythonTree& previous, std::string_view previous_text)
    : text_(text), parser_(ts_parser_new(), ts_parser_delete), tree_(nullptr, ts_tree_delete) {
  ts_parser_set_language(parser_.get(), tree_sitter_python());
  std::size_t n = std::min(text.size(), previous_text.size());
  std::size_t prefix = 0;
  while (prefix < n && text[prefix] == previous_text[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < n - prefix && text[text.size() - 1 - suffix] == previous_text[previous_text.size() - 1 - suffix])
    ++suffix;
  TSInputEdit edit;
  edit.start_byte = static_cast<uint32_t>(prefix);
  edit.old_end_byte = static_cast<uint32_t>(previous_text.size() - suffix);
  edit.new_end_byte = static_cast<uint32_t>(text.size() - suffix);
  edit.start_point = point_at(previous_text, edit.start_byte);
  edit.old_end_point = point_at(previous_text, edit.old_end_byte);
  edit.new_end_point = point_at(text, edit.new_end_byte);
  std::unique_ptr<TSTree, void (*)(TSTree*)> old(previous.tree_ ? ts_tree_copy(previous.tree_.get()) : nullptr,
                                                 ts_tree_delete);
  if (old) ts_tree_edit(old.get(), &edit);
  tree_.reset(ts_parser_parse_string(parser_.get(), old.get(), text.data(), static_cast<uint32_t>(text.size())));
}

TSNode PythonTree::root() const { return ts_tree_root_node(tree_.get()); }

bool PythonTree::has_error() const { return !tree_ || ts_node_has_error(root()); }

std::string_view PythonTree::text(TSNode node) const {
  uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
  if (e > text_.size() || b > e) return {};
  return text_.substr(b, e - b);
}

std::string_view node_type(TSNode node) { return ts_node_is_null(node) ? std::string_view() : ts_node_type(node); }

std::vector<TSNode> children(TSNode node) {
  // A cursor walks siblings in O(1) each; ts_node_child(i) would be O(i).
  std::vector<TSNode> out;
  if (ts_node_is_null(node)) return out;
  out.reserve(ts_node_child_count(node));
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      out.push_back(ts_tree_cursor_current_node(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

std::vector<TSNode> field_children(TSNode node, const char* name) {
  std::vector<TSNode> out;
  uint32_t n = ts_node_child_count(node);
  for (uint32_t i = 0; i < n; ++i) {
    const char* f = ts_node_field_name_for_child(node, i);
    if (f && std::strcmp(f, name) == 0) out.push_back(ts_node_child(node, i));
  }
  return out;
}

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

std::string python_syntax_problem(std::string_view text) {
  if (text.size() > UINT32_MAX) return "file too large to parse";
  PythonTree tree(text);
  if (!tree.has_error()) return {};
  // Report the first line with an ERROR or MISSING node.
  TSTreeCursor cursor = ts_tree_cursor_new(tree.root());
  uint32_t line = 0;
  bool found = false;
  while (!found) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_missing(n) || node_type(n) == "ERROR") {
      line = ts_node_start_point(n).row + 1;
      found = true;
      break;
    }
    if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) { moved = true; break; }
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
    }
    if (!moved) break;
  }
  ts_tree_cursor_delete(&cursor);
  return found ? "Python syntax error near line " + std::to_string(line) : "Python syntax error";
}

}  // namespace lanemerge::core
