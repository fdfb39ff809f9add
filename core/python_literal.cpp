#include "core/python_literal.hpp"

#include <cctype>
#include <string>

namespace lanemerge::core {
namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool hex_value(std::string_view s, unsigned long& v) {
  v = 0;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    v = v * 16 + static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                                                                                         : (std::tolower(c) - 'a' + 10));
  }
  return true;
}

}  // namespace

std::optional<std::string> decode_string_literal(std::string_view token) {
  std::size_t i = 0;
  bool raw = false, bytes = false, unicode = false, format = false;
  while (i < token.size() && std::isalpha(static_cast<unsigned char>(token[i]))) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(token[i])));
    if (c == 'r') raw = true;
    else if (c == 'b') bytes = true;
    else if (c == 'u') unicode = true;
    else if (c == 'f' || c == 't') format = true;
    else return std::nullopt;
    ++i;
  }
  if (i > 2 || format || (unicode && (raw || bytes)) || i >= token.size()) return std::nullopt;
  char q = token[i];
  if (q != '"' && q != '\'') return std::nullopt;
  std::size_t quote = token.substr(i, 3) == std::string(3, q) ? 3 : 1;
  if (token.size() < i + 2 * quote) return std::nullopt;
  std::string_view close = token.substr(token.size() - quote);
  if (close != std::string(quote, q)) return std::nullopt;
  std::string_view body = token.substr(i + quote, token.size() - i - 2 * quote);

  std::string out = bytes ? "b:" : "s:";
  if (raw) {
    out.append(body);
    return out;
  }
  for (std::size_t k = 0; k < body.size(); ++k) {
    char c = body[k];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (k + 1 >= body.size()) return std::nullopt;
    char e = body[++k];
    switch (e) {
      case '\n': break;  // line continuation
      case '\r':
        if (k + 1 < body.size() && body[k + 1] == '\n') ++k;
        break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        unsigned long v;
        if (body.substr(k + 1, 2).size() != 2 || !hex_value(body.substr(k + 1, 2), v)) return std::nullopt;
        k += 2;
        if (bytes) out += static_cast<char>(v);
        else append_utf8(out, v);
        break;
      }
      case 'u':
      case 'U': {
        if (bytes) {
          out += '\\';
          out += e;
          break;
        }
        std::size_t len = e == 'u' ? 4 : 8;
        unsigned long v;
        if (body.substr(k + 1, len).size() != len || !hex_value(body.substr(k + 1, len), v) || v > 0x10FFFF)
          return std::nullopt;
        k += len;
        append_utf8(out, v);
        break;
      }
      case 'N':
        if (bytes) {
          out += "\\N";
          break;
        }
        return std::nullopt;  // named characters need Unicode's name table
      default:
        if (e >= '0' && e <= '7') {
          unsigned long v = static_cast<unsigned long>(e - '0');
          for (int d = 0; d < 2 && k + 1 < body.size() && body[k + 1] >= '0' && body[k + 1] <= '7'; ++d)
            v = v * 8 + static_cast<unsigned long>(body[++k] - '0');
          if (bytes) out += static_cast<char>(v & 0xFF);
          else append_utf8(out, v);
        } else {
          out += '\\';  // an unknown escape keeps its backslash
          out += e;
        }
    }
  }
  return out;
}

std::optional<std::string> decode_concatenation(const std::vector<std::string_view>& tokens) {
  if (tokens.empty()) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto part = decode_string_literal(tokens[i]);
    if (!part) return std::nullopt;
    if (i == 0) out = *part;
    else if (part->substr(0, 2) != out.substr(0, 2)) return std::nullopt;
    else out.append(*part, 2, std::string::npos);
  }
  return out;
}

namespace {

bool word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

// The end of the string literal starting at `i` (its prefix included), or
// npos when none starts there.
std::size_t string_end(std::string_view code, std::size_t i) {
  std::size_t q = i;
  while (q < code.size() && q - i < 3 && std::isalpha(static_cast<unsigned char>(code[q]))) ++q;
  if (q >= code.size() || (code[q] != '"' && code[q] != '\'')) return std::string_view::npos;
  if (q > i) {
    for (std::size_t k = i; k < q; ++k)
      if (std::string_view("rRbBuUfFtT").find(code[k]) == std::string_view::npos) return std::string_view::npos;
  }
  char c = code[q];
  bool triple = code.substr(q, 3) == std::string(3, c);
  std::size_t j = q + (triple ? 3 : 1);
  while (j < code.size()) {
    if (code[j] == '\\') {
      j += 2;
      continue;
    }
    if (triple ? code.substr(j, 3) == std::string(3, c) : code[j] == c) return j + (triple ? 3 : 1);
    if (!triple && code[j] == '\n') return std::string_view::npos;
    ++j;
  }
  return std::string_view::npos;
}

}  // namespace

std::string python_canonical(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  std::size_t i = 0;
  const std::size_t n = code.size();
  bool space = false;  // whitespace seen since the last token
  auto emit_word_gap = [&](char next) {
    if (space && !out.empty() && word_char(out.back()) && word_char(next)) out += ' ';
    space = false;
  };
  while (i < n) {
    char c = code[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = true;
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < n && (code[i + 1] == '\n' || code[i + 1] == '\r')) {
      space = true;
      i += 2;
      continue;
    }
    if (c == '#') {
      std::size_t e = code.find('\n', i);
      if (e == std::string_view::npos) e = n;
      std::string_view comment = code.substr(i, e - i);
      while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\t' || comment.back() == '\r'))
        comment.remove_suffix(1);
      out.append(comment);
      out += '\n';
      space = false;
      i = e;
      continue;
    }
    bool starts_string = (c == '"' || c == '\'') || (std::isalpha(static_cast<unsigned char>(c)) &&
                                                    (i == 0 || !word_char(code[i - 1])));
    std::size_t e = starts_string ? string_end(code, i) : std::string_view::npos;
    if (e != std::string_view::npos) {
      // Adjacent literals are one value.
      std::vector<std::string_view> parts{code.substr(i, e - i)};
      std::size_t j = e;
      while (true) {
        std::size_t k = j;
        while (k < n && (code[k] == ' ' || code[k] == '\t' || code[k] == '\n' || code[k] == '\r')) ++k;
        std::size_t f = k < n ? string_end(code, k) : std::string_view::npos;
        if (f == std::string_view::npos) break;
        parts.push_back(code.substr(k, f - k));
        j = f;
      }
      space = false;
      if (auto value = decode_concatenation(parts)) {
        out += '\x04';
        for (char v : *value) {
          if (v == '\x04' || v == '\\') out += '\\';
          out += v;
        }
        out += '\x04';
      } else {
        for (std::size_t k = 0; k < parts.size(); ++k) {
          if (k > 0) out += ' ';
          out.append(parts[k]);
        }
      }
      i = j;
      continue;
    }
    emit_word_gap(c);
    out += c;
    ++i;
  }
  return out;
}

}  // namespace lanemerge::core
