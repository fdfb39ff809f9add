#include "core/python_literal.hpp"

#include <cctype>

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

}  // namespace lanemerge::core
