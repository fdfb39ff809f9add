#include "core/text.hpp"

namespace lanemerge::core {

bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

bool has_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

std::string_view strip_bom(std::string_view text) { return has_bom(text) ? text.substr(3) : text; }

bool has_conflict_markers(std::string_view text, int marker_size) {
  if (marker_size <= 0) marker_size = 7;
  const auto size = static_cast<std::size_t>(marker_size);
  for (std::string_view line : split_lines(text)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < size) continue;
    char c = line[0];
    if (c != '<' && c != '>' && c != '=' && c != '|') continue;
    bool run = line.substr(0, size).find_first_not_of(c) == std::string_view::npos;
    bool delimited = line.size() == size || line[size] == ' ';
    if (run && delimited) return true;
  }
  return false;
}

std::string_view line_ending_of(std::string_view text) {
  std::size_t lf = 0, crlf = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lf;
      if (i > 0 && text[i - 1] == '\r') ++crlf;
    }
  }
  return (lf > 0 && lf == crlf) ? "\r\n" : "\n";
}

std::string with_line_endings(std::string_view text, std::string_view eol) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') out.append(eol);
    else out.push_back(c);
  }
  return out;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

std::size_t LineIndex::offset(std::size_t line, std::size_t column) const {
  if (line == 0 || line > starts_.size() || column == 0) return std::string::npos;
  std::size_t pos = starts_[line - 1];
  std::size_t col = 1;
  if (line == last_line_ && column >= last_column_) {
    pos = last_offset_;
    col = last_column_;
  }
  for (; col < column; ++col) {
    if (pos >= text_.size()) return std::string::npos;
    auto c = static_cast<unsigned char>(text_[pos]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    pos += len;
  }
  if (pos > text_.size()) return std::string::npos;
  last_line_ = line;
  last_column_ = column;
  last_offset_ = pos;
  return pos;
}

std::string squeeze_outside_strings(std::string_view text, bool python) {
  std::string out;
  out.reserve(text.size());
  squeeze_outside_strings_into(out, text, python);
  return out;
}

void squeeze_outside_strings_into(std::string& out, std::string_view text, bool python) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '#') {
      std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = n;
      out.append(trim(text.substr(i, end - i)));
      out.push_back('\n');
      i = end;
      continue;
    }
    if (c == '"' || c == '\'') {
      auto run_of_quotes = [&](std::size_t at, std::size_t q) {
        if (at + q > n) return false;
        for (std::size_t k = 0; k < q; ++k)
          if (text[at + k] != c) return false;
        return true;
      };
      std::size_t q = run_of_quotes(i, 3) ? 3 : 1;
      std::size_t j = i + q;
      while (j < n) {
        if ((c == '"' || python) && text[j] == '\\') { j += 2; continue; }
        if (run_of_quotes(j, q)) { j += q; break; }
        ++j;
      }
      if (j > n) j = n;
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; continue; }
    out.push_back(c);
    ++i;
  }
}

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n";
  std::size_t b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  std::size_t e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace lanemerge::core
