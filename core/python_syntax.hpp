// Python source parsed with tree-sitter-python: a small owning wrapper and
// node helpers that speak in bytes (tree-sitter positions are byte offsets).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

namespace lanemerge::core {

class PythonTree {
public:
  // Parses `text`, which must outlive the tree. Never fails for a string;
  // syntax errors show as ERROR / MISSING nodes.
  explicit PythonTree(std::string_view text);
  // Parses `text` reusing the tree of `previous_text` (tree-sitter's
  // incremental parsing): what the two texts share before and after the
  // part that differs is not parsed again. The result is the tree a full
  // parse gives.
  PythonTree(std::string_view text, const PythonTree& previous, std::string_view previous_text);
  PythonTree(const PythonTree&) = delete;
  PythonTree& operator=(const PythonTree&) = delete;

  TSNode root() const;
  bool has_error() const;  // any ERROR or MISSING node
  std::string_view text(TSNode node) const;
  std::string_view source() const { return text_; }

private:
  std::string_view text_;
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser_;
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree_;
};

std::string_view node_type(TSNode node);
std::vector<TSNode> children(TSNode node);        // all children, tokens and comments included
std::vector<TSNode> field_children(TSNode node, const char* field);
TSNode field(TSNode node, const char* name);        // null node when absent

// Empty when `text` parses without ERROR or MISSING nodes, else why not.
std::string python_syntax_problem(std::string_view text);

}  // namespace lanemerge::core
