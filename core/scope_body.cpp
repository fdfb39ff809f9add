#include "core/scope_body.hpp"

#include "core/text.hpp"

namespace lanemerge::core {
namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

// Whitespace, then a comment or nothing (the rest of a line after an entry).
bool comment_or_blank(std::string_view s) {
  std::size_t i = s.find_first_not_of(" \t");
  return i == std::string_view::npos || s[i] == '#';
}

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string eol_of_line(std::string_view text, std::size_t nl) {
  return nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

// A whole comment or blank line [begin, end) (end excludes the line break).
bool trivia_line(std::string_view text, std::size_t begin, std::size_t end, std::string eol, Item& item) {
  std::string_view line = without_cr(text.substr(begin, end - begin));
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) {
    item.kind = ItemKind::Blank;
    item.text = std::string(line);
  } else if (line[i] == '#') {
    item.kind = ItemKind::Comment;
    item.indent = std::string(line.substr(0, i));
    item.text = std::string(line.substr(i));
    item.norm = std::string(trim(item.text));
  } else {
    return false;
  }
  item.begin = begin + i;
  item.eol = std::move(eol);
  return true;
}

// After an entry's value on its line: whitespace, an optional comma, then
// whitespace and an optional comment.
bool split_rest(std::string_view rest, Item& item) {
  std::size_t i = rest.find_first_not_of(" \t");
  if (i != std::string_view::npos && rest[i] == ',') {
    item.between = std::string(rest.substr(0, i));
    item.comma = true;
    rest = rest.substr(i + 1);
  }
  if (!comment_or_blank(rest)) return false;
  item.trailing = std::string(rest);
  std::size_t h = rest.find('#');
  item.trail_norm = h == std::string_view::npos ? std::string() : std::string(trim(rest.substr(h)));
  return true;
}

void entry_value(std::string_view text, const Span& span, Item& item) {
  item.begin = span.begin;
  item.text = std::string(text.substr(span.begin, span.end - span.begin));
}

// An entry whose line starts at `pos`: its indentation (only whitespace may
// stand before it) and its value. The first indentation seen is the layout's.
bool entry_head(std::string_view text, std::size_t pos, const Span& span, Layout& layout, Item& item) {
  std::string_view indent = text.substr(pos, span.begin - pos);
  if (!blank(indent)) return false;
  item.indent = std::string(indent);
  if (!layout.indent) layout.indent = item.indent;
  entry_value(text, span, item);
  return true;
}

std::string read_inline(std::string_view text, std::size_t bb, std::size_t be, const std::vector<Span>& spans,
                        Layout& layout, std::vector<Item>& items) {
  const std::size_t n = spans.size();
  if (n == 0) {
    if (!blank(text.substr(bb, be - bb))) return "text in an empty list";
    layout.open_ws = std::string(text.substr(bb, be - bb));
    return {};
  }
  std::string_view g0 = text.substr(bb, spans[0].begin - bb);
  if (!blank(g0)) return "text before the first entry";
  layout.open_ws = std::string(g0);
  for (std::size_t k = 0; k < n; ++k) {
    Item item;
    item.begin = spans[k].begin;
    item.text = std::string(text.substr(spans[k].begin, spans[k].end - spans[k].begin));
    std::size_t gap_end = k + 1 < n ? spans[k + 1].begin : be;
    std::string_view gap = text.substr(spans[k].end, gap_end - spans[k].end);
    std::size_t i = gap.find_first_not_of(" \t");
    bool comma = i != std::string_view::npos && gap[i] == ',';
    std::string_view after = comma ? gap.substr(i + 1) : gap;
    if (!blank(after)) return "unexpected separators";
    if (comma) item.between = std::string(gap.substr(0, i));
    item.comma = comma;
    if (k + 1 < n) {
      if (!comma) return "unexpected separators";
      item.trailing = std::string(after);
      if (k == 0) layout.sep = item.trailing;
    } else {
      item.last = true;
      layout.trailing_comma = comma;
      layout.close_ws = std::string(after);
    }
    items.push_back(std::move(item));
  }
  return {};
}

std::string read_multiline(std::string_view text, std::size_t bb, std::size_t be, const std::vector<Span>& spans,
                           Layout& layout, std::vector<Item>& items) {
  const std::size_t n = spans.size();
  std::size_t first_nl = text.find('\n', bb);
  std::size_t pos = bb;
  std::size_t k = 0;
  if (n > 0 && spans[0].begin < first_nl) {
    std::string_view g0 = text.substr(bb, spans[0].begin - bb);
    if (!blank(g0)) return "text before the first entry";
    layout.hang_open = true;
    layout.open_ws = std::string(g0);
  } else {
    std::string_view open = text.substr(bb, first_nl - bb);
    if (!comment_or_blank(without_cr(open))) return "text after the opening bracket";
    layout.open_rest = std::string(text.substr(bb, first_nl + 1 - bb));
    pos = first_nl + 1;
  }
  while (true) {
    std::size_t nl = text.find('\n', pos);
    bool closer_line = nl == std::string_view::npos || nl >= be;
    if (k < n && (spans[k].begin < (closer_line ? be : nl) || (k == 0 && layout.hang_open))) {
      Item item;
      if (k == 0 && layout.hang_open) {
        item.hung = true;
        entry_value(text, spans[k], item);
      } else if (!entry_head(text, pos, spans[k], layout, item)) {
        return "text before an entry on its line";
      }
      std::size_t le = text.find('\n', spans[k].end);
      bool last_line = le == std::string_view::npos || le >= be;
      std::size_t line_end = last_line ? be : le;
      if (k + 1 < n && spans[k + 1].begin < line_end) return "two entries on one line";
      std::string_view rest = text.substr(spans[k].end, line_end - spans[k].end);
      if (!last_line) rest = without_cr(rest);
      if (!split_rest(rest, item)) return "text after an entry on its line";
      if (k + 1 < n && !item.comma) return "a separator out of place";
      if (k + 1 == n) {
        item.last = true;
        layout.trailing_comma = item.comma;
      }
      if (last_line) {
        // The closer follows the entry on its line.
        if (k + 1 != n || !item.trail_norm.empty()) return "text after an entry on its line";
        layout.hang_close = true;
        layout.close_ws = item.trailing;
        item.trailing.clear();
        items.push_back(std::move(item));
        return {};
      }
      item.eol = eol_of_line(text, le);
      items.push_back(std::move(item));
      pos = le + 1;
      ++k;
      continue;
    }
    if (closer_line) {
      if (k < n) return "entries out of place";
      std::string_view close = text.substr(pos, be - pos);
      if (!blank(close)) return "text before the closing bracket";
      layout.close_indent = std::string(close);
      // Without entries, the comments tell the indentation.
      for (const Item& i : items)
        if (!layout.indent && i.kind == ItemKind::Comment) layout.indent = i.indent;
      return {};
    }
    Item item;
    if (!trivia_line(text, pos, nl, eol_of_line(text, nl), item)) return "other text between entries";
    items.push_back(std::move(item));
    pos = nl + 1;
  }
}

std::string read_lines(std::string_view text, std::size_t bb, std::size_t be, const std::vector<Span>& spans,
                       Layout& layout, std::vector<Item>& items) {
  const std::size_t n = spans.size();
  std::size_t pos = bb;
  std::size_t k = 0;
  layout.final_eol = be == bb || text[be - 1] == '\n';
  while (pos < be) {
    std::size_t nl = text.find('\n', pos);
    std::size_t line_end = nl == std::string_view::npos || nl >= be ? be : nl;
    if (k < n && spans[k].begin < line_end) {
      Item item;
      if (!entry_head(text, pos, spans[k], layout, item)) return "text before an entry on its line";
      std::size_t le = text.find('\n', spans[k].end);
      std::size_t end = le == std::string_view::npos || le >= be ? be : le;
      if (k + 1 < n && spans[k + 1].begin < end) return "two entries on one line";
      std::string_view rest = without_cr(text.substr(spans[k].end, end - spans[k].end));
      if (!comment_or_blank(rest)) return "text after an entry on its line";
      item.trailing = std::string(rest);
      std::size_t h = rest.find('#');
      item.trail_norm = h == std::string_view::npos ? std::string() : std::string(trim(rest.substr(h)));
      item.eol = end < be ? eol_of_line(text, end) : std::string();
      if (k + 1 == n) item.last = true;
      items.push_back(std::move(item));
      pos = end < be ? end + 1 : be;
      ++k;
      continue;
    }
    Item item;
    if (!trivia_line(text, pos, line_end, line_end < be ? eol_of_line(text, line_end) : std::string(), item))
      return "other text between entries";
    items.push_back(std::move(item));
    pos = line_end < be ? line_end + 1 : be;
  }
  if (k < n) return "entries out of place";
  return {};
}

bool has_triple_quote(std::string_view s) {
  return s.find("\"\"\"") != std::string_view::npos || s.find("'''") != std::string_view::npos;
}

// Re-indents the continuation lines of a multi-line value from `from` to `to`.
bool reindent(std::string& value, const std::string& from, const std::string& to) {
  if (value.find('\n') == std::string::npos || from == to) return true;
  if (has_triple_quote(value)) return false;
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= value.size()) {
    std::size_t nl = value.find('\n', pos);
    std::string_view line = std::string_view(value).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!first) {
      if (blank(line)) {
        out.append(line);
      } else if (line.substr(0, from.size()) == from) {
        out += to;
        out.append(line.substr(from.size()));
      } else {
        return false;
      }
    } else {
      out.append(line);
    }
    first = false;
    if (nl == std::string::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  value = std::move(out);
  return true;
}

bool same_opt(const std::optional<std::string>& a, const std::optional<std::string>& b) { return !a || !b || *a == *b; }
bool same_opt(const std::optional<bool>& a, const std::optional<bool>& b) { return !a || !b || *a == *b; }

bool compatible(const Layout& a, const Layout& b) {
  if (a.kind != b.kind || a.eol != b.eol || !same_opt(a.indent, b.indent) || !same_opt(a.trailing_comma, b.trailing_comma))
    return false;
  if (a.kind == BodyKind::Lines) return a.final_eol == b.final_eol;
  if (a.multiline != b.multiline) return false;
  if (!a.multiline) return a.open_ws == b.open_ws && a.close_ws == b.close_ws && same_opt(a.sep, b.sep);
  return a.hang_open == b.hang_open && a.hang_close == b.hang_close && a.open_rest == b.open_rest &&
         a.close_indent == b.close_indent && (!a.hang_open || a.open_ws == b.open_ws) &&
         (!a.hang_close || a.close_ws == b.close_ws);
}

Layout filled(Layout chosen, const Layout& x, const Layout* y) {
  for (const Layout* other : {&x, y}) {
    if (!other || other->multiline != chosen.multiline) continue;
    if (!chosen.indent) chosen.indent = other->indent;
    if (!chosen.sep) chosen.sep = other->sep;
    if (!chosen.trailing_comma) chosen.trailing_comma = other->trailing_comma;
  }
  return chosen;
}

}  // namespace

std::string layout_signature(std::string_view body) {
  std::string out;
  bool token = false;
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      out += c;
      token = false;
    } else if (!token) {
      out += 'x';
      token = true;
    }
  }
  return out;
}

std::size_t end_of_trailing_trivia(std::string_view text, std::size_t from, std::size_t limit) {
  struct Line {
    std::size_t end;
    bool comment;
  };
  std::vector<Line> lines;
  std::size_t pos = from;
  while (pos < limit) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos || nl >= limit ? limit : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    std::size_t i = line.find_first_not_of(" \t\r\n");
    if (i != std::string_view::npos && line[i] != '#') break;
    lines.push_back(Line{end, i != std::string_view::npos});
    pos = end;
  }
  std::size_t cut = lines.size();
  if (pos < text.size()) {  // something follows: a header or a statement
    std::size_t k = cut;
    while (k > 0 && lines[k - 1].comment) --k;
    if (k < cut && k > 0) cut = k;  // a comment block above what follows, after a blank line
  }
  while (cut > 0 && !lines[cut - 1].comment) --cut;
  return cut == 0 ? from : lines[cut - 1].end;
}

std::string read_body(std::string_view text, std::size_t body_begin, std::size_t body_end, BodyKind kind,
                      const std::vector<Span>& entries, std::string_view eol, Layout& layout, std::vector<Item>& items) {
  layout = Layout{};
  layout.kind = kind;
  layout.eol = std::string(eol);
  items.clear();
  items.reserve(entries.size() + entries.size() / 4 + 4);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Span& s = entries[k];
    if (s.begin > s.end || s.begin < body_begin || s.end > body_end || (k > 0 && s.begin < entries[k - 1].end))
      return "entries overlap";
  }
  std::string_view body = text.substr(body_begin, body_end - body_begin);
  if (kind == BodyKind::Lines) {
    layout.multiline = true;
    return read_lines(text, body_begin, body_end, entries, layout, items);
  }
  layout.multiline = body.find('\n') != std::string_view::npos;
  return layout.multiline ? read_multiline(text, body_begin, body_end, entries, layout, items)
                          : read_inline(text, body_begin, body_end, entries, layout, items);
}

std::string render_body(const Layout& layout, const std::vector<RenderItem>& items, std::string& out) {
  out.clear();
  std::size_t last_entry = items.size(), entries = 0;
  for (std::size_t k = 0; k < items.size(); ++k)
    if (items[k].item->is_entry()) last_entry = k, ++entries;
  const bool lone_tuple_entry = layout.tuple && entries == 1;
  const std::string default_indent = layout.indent ? *layout.indent : layout.close_indent + "    ";

  // The bytes of one item's content in the merged layout's line endings and indentation.
  auto content = [&](const RenderItem& r, std::string& indent, std::string& text, std::string& trailing) -> std::string {
    const Item& item = *r.item;
    const Layout& from = r.from ? *r.from : layout;
    text = r.text ? *r.text : item.text;
    trailing = r.trailing ? *r.trailing : item.trailing;
    // An inline entry's trailing bytes are the separator's spacing, not a
    // line's end: they do not travel into another layout.
    if (!from.multiline && layout.multiline && !r.trailing) trailing.clear();
    if (from.eol != layout.eol) text = with_line_endings(text, layout.eol);
    if (item.hung || !from.multiline || (from.kind == BodyKind::Delimited) != (layout.kind == BodyKind::Delimited)) {
      indent = default_indent;  // a value's own continuation lines stay as written
    } else if (from.indent && layout.indent && *from.indent != *layout.indent && item.indent == *from.indent) {
      indent = *layout.indent;
      if (item.is_entry() && !reindent(text, *from.indent, *layout.indent))
        return "a value spanning lines cannot be re-indented";
    } else {
      indent = item.indent;
    }
    return {};
  };

  if (layout.kind == BodyKind::Delimited && !layout.multiline) {
    out = layout.open_ws;
    for (std::size_t k = 0; k < items.size(); ++k) {
      const RenderItem& r = items[k];
      const Item& item = *r.item;
      std::string indent, text, trailing;
      if (!item.is_entry()) return "a comment cannot be written in an inline list";
      if (std::string why = content(r, indent, text, trailing); !why.empty()) return why;
      if (text.find('\n') != std::string::npos || trailing.find('#') != std::string::npos)
        return "an entry with a comment cannot be written in an inline list";
      out += text;
      bool inline_source = r.from && r.from->kind == BodyKind::Delimited && !r.from->multiline;
      if (k != last_entry) {
        if (inline_source && item.comma && !item.last) out += item.between + "," + trailing;
        else out += "," + layout.sep.value_or(" ");
      } else if (layout.trailing_comma.value_or(false) || lone_tuple_entry) {
        out += (inline_source && item.comma ? item.between : std::string()) + ",";
      }
    }
    out += layout.close_ws;
    return {};
  }

  if (layout.kind == BodyKind::Delimited) out = layout.hang_open ? layout.open_ws : layout.open_rest;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const RenderItem& r = items[k];
    const Item& item = *r.item;
    std::string indent, text, trailing;
    if (std::string why = content(r, indent, text, trailing); !why.empty()) return why;
    bool hang_first = layout.kind == BodyKind::Delimited && layout.hang_open && k == 0;
    bool hang_last = layout.kind == BodyKind::Delimited && layout.hang_close && k + 1 == items.size();
    if (hang_first && !item.is_entry()) return "a comment cannot stand on the opening bracket's line";
    if (hang_last && (!item.is_entry() || trailing.find('#') != std::string::npos))
      return "a comment cannot stand before the closing bracket on its line";
    if (item.kind == ItemKind::Blank) {
      out += item.text;
    } else if (item.kind == ItemKind::Comment) {
      out += indent + text;
    } else {
      out += (hang_first ? std::string() : indent) + text;
      if (layout.kind == BodyKind::Delimited) {
        bool needs_comma = k != last_entry || layout.trailing_comma.value_or(true) || lone_tuple_entry;
        if (needs_comma) out += (item.comma ? item.between : std::string()) + ",";
      }
      out += hang_last ? std::string() : trailing;
    }
    if (hang_last) {
      out += layout.close_ws;
      return {};
    }
    bool final_line = layout.kind == BodyKind::Lines && k + 1 == items.size();
    if (!final_line || layout.final_eol) {
      bool own = r.from && r.from->eol == layout.eol && !item.eol.empty();
      out += own ? item.eol : layout.eol;
    }
  }
  if (layout.kind == BodyKind::Delimited) out += layout.close_indent;
  return {};
}

std::optional<Layout> merge_layouts(const Layout* base, const Layout& ours, const Layout& theirs, std::string& why) {
  if (!base) {
    if (compatible(ours, theirs)) return filled(ours, theirs, nullptr);
    why = "both sides added it in different layouts";
    return std::nullopt;
  }
  if (compatible(ours, *base)) return filled(theirs, ours, base);
  if (compatible(theirs, *base)) return filled(ours, theirs, base);
  if (compatible(ours, theirs)) return filled(ours, theirs, base);
  why = "both sides changed its layout differently";
  return std::nullopt;
}

}  // namespace lanemerge::core
