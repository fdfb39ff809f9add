#include "core/scope_render.hpp"

#include "core/text.hpp"

namespace lanemerge::core {
namespace {

bool whitespace_only(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Position of the separator comma in a gap (outside comments), or npos.
std::size_t comma_in(std::string_view gap) {
  bool in_comment = false;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    char c = gap[i];
    if (in_comment) { if (c == '\n') in_comment = false; continue; }
    if (c == '#') in_comment = true;
    else if (c == ',') return i;
  }
  return std::string_view::npos;
}

std::size_t commas_in(std::string_view gap) {
  std::size_t n = 0;
  bool in_comment = false;
  for (char c : gap) {
    if (in_comment) { if (c == '\n') in_comment = false; continue; }
    if (c == '#') in_comment = true;
    else if (c == ',') ++n;
  }
  return n;
}

bool has_comment(std::string_view s) { return s.find('#') != std::string_view::npos; }

// Blank lines and comment lines only (the last line may be indentation).
bool comments_only(std::string_view s) {
  for (std::string_view line : split_lines(s)) {
    line = trim(line);
    if (!line.empty() && line[0] != '#') return false;
  }
  return true;
}

// Split `after` at its first newline: the part through the newline belongs to
// the entry, the rest to what follows.
std::pair<std::string, std::string> split_first_line(std::string_view s) {
  std::size_t nl = s.find('\n');
  if (nl == std::string_view::npos) return {std::string(s), std::string()};
  return {std::string(s.substr(0, nl + 1)), std::string(s.substr(nl + 1))};
}

std::string without_comma(std::string_view s, bool& had) {
  std::size_t c = comma_in(s);
  had = c != std::string_view::npos;
  if (!had) return std::string(s);
  return std::string(s.substr(0, c)) + std::string(s.substr(c + 1));
}

void strip_final_newline(std::string& s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
}

}  // namespace

BodyLayout analyze_body(std::string_view text, std::size_t body_begin, std::size_t body_end, BodyKind kind,
                        const std::vector<std::pair<std::size_t, std::size_t>>& ranges, std::string_view eol) {
  BodyLayout layout;
  layout.kind = kind;
  layout.eol = std::string(eol);
  std::string_view body = text.substr(body_begin, body_end - body_begin);
  layout.multiline = kind == BodyKind::Lines || body.find('\n') != std::string_view::npos;
  auto unsupported = [&](std::string why) {
    layout.supported = false;
    layout.why_not = std::move(why);
    return layout;
  };

  const std::size_t n = ranges.size();
  std::vector<std::string_view> gaps;
  std::size_t prev = body_begin;
  for (const auto& [b, e] : ranges) {
    if (b < prev || e > body_end || b > e) return unsupported("entries overlap");
    gaps.push_back(text.substr(prev, b - prev));
    prev = e;
  }
  gaps.push_back(text.substr(prev, body_end - prev));

  if (kind == BodyKind::Lines) {
    // Each gap between entries: the rest of the previous entry's line, then
    // blank lines / comments / indentation of the next. Gap 0 is the lead of
    // the first entry (the body starts at a line start).
    for (std::size_t i = 0; i < n; ++i) {
      EntryText e;
      std::string_view g = gaps[i];
      if (i > 0) {
        auto [rest, lead] = split_first_line(g);
        if (rest.empty() || rest.back() != '\n') return unsupported("two entries on one line");
        layout.entries.back().after = rest;
        e.lead = lead;
      } else {
        e.lead = std::string(g);
      }
      if (!comments_only(e.lead)) return unsupported("other text between entries");
      e.value = std::string(text.substr(ranges[i].first, ranges[i].second - ranges[i].first));
      layout.entries.push_back(std::move(e));
    }
    if (n > 0) {
      layout.entries.back().after = std::string(gaps[n]);
      layout.last_has_newline = !gaps[n].empty() && gaps[n].back() == '\n';
      if (gaps[n].find('\n') != std::string_view::npos && gaps[n].find('\n') + 1 != gaps[n].size())
        return unsupported("text after the last entry");
    } else if (!whitespace_only(gaps[0])) {
      return unsupported("comments in an empty table");
    }
    return layout;
  }

  // Delimited bodies.
  for (std::size_t i = 1; i < n; ++i)
    if (commas_in(gaps[i]) != 1) return unsupported("unexpected separators");
  if (commas_in(gaps[0]) != 0 || commas_in(gaps[n]) > 1) return unsupported("unexpected separators");
  if (n > 0) layout.trailing_comma = comma_in(gaps[n]) != std::string_view::npos;

  if (!layout.multiline) {
    layout.head = std::string(gaps[0]);
    bool had = false;
    layout.tail = n > 0 ? without_comma(gaps[n], had) : std::string(gaps[0]);
    if (n == 0) layout.head.clear();
    if (n >= 2) layout.separator = std::string(gaps[1]);
    for (std::size_t i = 0; i < n; ++i) {
      EntryText e;
      e.value = std::string(text.substr(ranges[i].first, ranges[i].second - ranges[i].first));
      e.had_comma = i + 1 < n || layout.trailing_comma;
      layout.entries.push_back(std::move(e));
    }
    return layout;
  }

  // Multi-line delimited body.
  if (n == 0) {
    auto [head, tail] = split_first_line(gaps[0]);
    if (has_comment(gaps[0])) return unsupported("comments in an empty list");
    layout.head = head;
    layout.tail = tail;
    layout.trailing_comma = true;
    return layout;
  }
  bool first_on_opening_line = gaps[0].find('\n') == std::string_view::npos;
  if (first_on_opening_line) {
    layout.head.clear();
  } else {
    auto [head, lead] = split_first_line(gaps[0]);
    layout.head = head;
    (void)lead;
  }
  for (std::size_t i = 0; i < n; ++i) {
    EntryText e;
    if (i == 0) {
      e.lead = first_on_opening_line ? std::string(gaps[0]) : split_first_line(gaps[0]).second;
      e.on_opening_line = first_on_opening_line;
    } else {
      auto [rest, lead] = split_first_line(gaps[i]);
      if (rest.empty() || rest.back() != '\n') return unsupported("two entries on one line");
      EntryText& before = layout.entries.back();
      before.after = without_comma(rest, before.had_comma);
      e.lead = lead;
    }
    e.value = std::string(text.substr(ranges[i].first, ranges[i].second - ranges[i].first));
    layout.entries.push_back(std::move(e));
  }
  {
    auto [rest, tail] = split_first_line(gaps[n]);
    EntryText& last = layout.entries.back();
    last.after = without_comma(rest, last.had_comma);
    layout.last_has_newline = !rest.empty() && rest.back() == '\n';
    layout.tail = tail;
  }
  // Indentation for entries that bring none: that of the second entry, else
  // the first's when it is on its own line.
  for (std::size_t i = (first_on_opening_line ? 1 : 0); i < n; ++i) {
    std::string_view lead = layout.entries[i].lead;
    std::size_t nl = lead.rfind('\n');
    std::string_view last_line = nl == std::string_view::npos ? lead : lead.substr(nl + 1);
    if (whitespace_only(last_line)) { layout.indent = std::string(last_line); break; }
  }
  return layout;
}

std::string normalized_entry(const EntryText& entry, bool python) {
  std::string out;
  out.reserve(entry.value.size() + 8);
  squeeze_outside_strings_into(out, entry.lead, python);
  squeeze_outside_strings_into(out, entry.value, python);
  squeeze_outside_strings_into(out, entry.after, python);
  return out;
}

bool render_body(const BodyLayout& layout, const std::vector<EntryText>& entries, std::string& out) {
  out.clear();
  const std::size_t n = entries.size();
  if (layout.kind == BodyKind::Lines) {
    for (std::size_t k = 0; k < n; ++k) {
      const EntryText& e = entries[k];
      std::string after = e.after;
      if (k + 1 < n) {
        if (after.empty() || after.back() != '\n') after += layout.eol;
      } else if (!layout.last_has_newline && !has_comment(after)) {
        strip_final_newline(after);
      } else if (after.empty() || after.back() != '\n') {
        after += layout.eol;
      }
      out += e.lead + e.value + after;
    }
    return true;
  }
  if (!layout.multiline) {
    out = layout.head;
    for (std::size_t k = 0; k < n; ++k) {
      if (has_comment(entries[k].lead) || has_comment(entries[k].after)) return false;
      if (k > 0) out += layout.separator;
      out += entries[k].value;
    }
    if (n > 0 && layout.trailing_comma) out += ",";
    out += layout.tail;
    return true;
  }
  out = layout.head;
  for (std::size_t k = 0; k < n; ++k) {
    const EntryText& e = entries[k];
    std::string lead = e.lead;
    bool first_on_line = k == 0 && layout.head.empty();
    if (first_on_line) {
      if (!whitespace_only(lead) || lead.find('\n') != std::string::npos) return false;
    } else if (e.on_opening_line || (k == 0 && whitespace_only(lead) && lead.empty())) {
      lead = layout.indent;
    }
    std::string after = e.after;
    if (k + 1 < n || layout.trailing_comma) after.insert(0, ",");
    if (k + 1 < n) {
      if (after.empty() || after.back() != '\n') after += layout.eol;
    } else if (!layout.last_has_newline && !has_comment(after)) {
      strip_final_newline(after);
    } else if (after.empty() || after.back() != '\n') {
      after += layout.eol;
    }
    out += lead + e.value + after;
  }
  out += layout.tail;
  return true;
}

}  // namespace lanemerge::core
