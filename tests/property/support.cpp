#include "support.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include "core/driver_run.hpp"
#include "core/rules.hpp"

namespace fs = std::filesystem;

namespace lanemerge::property {

std::optional<std::uint64_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  try {
    return std::stoull(v);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<std::uint64_t> seeds(std::uint64_t count) {
  if (auto one = env_number("LANEMERGE_PROPERTY_SEED")) return {*one};
  std::uint64_t n = env_number("LANEMERGE_PROPERTY_CASES").value_or(count);
  std::uint64_t first = env_number("LANEMERGE_PROPERTY_FIRST_SEED").value_or(1);
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < n; ++i) out.push_back(first + i);
  return out;
}

bool verbose() { return std::getenv("LANEMERGE_PROPERTY_VERBOSE") != nullptr; }

std::uint64_t stream_of(std::uint64_t seed, const std::string& test_name) {
  return seed ^ std::hash<std::string>{}(test_name);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string trim_right(const std::string& s) {
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return e == std::string::npos ? std::string() : s.substr(0, e + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string visible(const std::string& text) { return replace_all(text, "\r", "\\r"); }

std::string pep503(const std::string& name) {
  std::string out;
  bool sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out += '-';
    sep = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string requirement_name_of(const std::string& req) {
  std::string t = trim(req), out;
  for (char c : t) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') out += c;
    else break;
  }
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

Repo::Repo() {
  std::string tmpl = (fs::temp_directory_path() / "lanemerge-property-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = buf.data();
  std::string cmd = "git init -q '" + dir_.string() + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("git init failed in " + dir_.string());
}

Repo::~Repo() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Run run_driver(const Repo& repo, const std::string& driver, const std::string& path, const std::string& base,
               const std::string& ours, const std::string& theirs, const std::string& policy,
               const std::string& marker_size) {
  fs::path o = repo.dir() / ".merge_file_O", a = repo.dir() / ".merge_file_A", b = repo.dir() / ".merge_file_B";
  write_all(o, base);
  write_all(a, ours);
  write_all(b, theirs);
  core::DriverRequest req;
  req.base_file = o.string();
  req.ours_file = a.string();
  req.theirs_file = b.string();
  req.marker_size = marker_size;
  req.path = path;
  req.label_base = "base";
  req.label_ours = "ours";
  req.label_theirs = "theirs";
  req.cwd = repo.dir().string();
  req.env["GIT_CONFIG_PARAMETERS"] = "'lanemerge.policy'='" + policy + "' 'merge.conflictstyle'='merge'";
  const core::DriverProfile* profile = core::find_profile(driver);
  if (!profile) throw std::runtime_error("no profile " + driver);
  Run run;
  try {
    auto outcome = core::run_driver(req, *profile, nullptr);
    run.exit_code = outcome.exit_code;
    for (const auto& m : outcome.messages) run.messages += m + "\n";
  } catch (const std::exception& e) {
    run.exception = e.what();
  } catch (...) {
    run.exception = "an exception that is not a std::exception";
  }
  run.result = read_all(a);
  return run;
}

core::TextMergeResult git_merge(const std::string& base, const std::string& ours, const std::string& theirs,
                                const std::string& marker_size) {
  core::TextMergeOptions options;
  options.marker_size = std::stoi(marker_size);
  options.style = core::ConflictStyle::Merge;
  options.labels = core::Labels{"base", "ours", "theirs"};
  auto merged = core::text_merge(base, ours, theirs, options);
  if (!merged) throw std::runtime_error("text_merge failed: " + merged.error().message);
  return *merged;
}

fs::path dump_case(const std::string& name, const std::string& driver, const std::string& path, std::uint64_t seed,
                   const std::string& marker_size, const std::string& base, const std::string& ours,
                   const std::string& theirs, const std::string& story, const std::vector<std::string>& failures) {
  fs::path dir = fs::temp_directory_path() / "lanemerge-property-failures" / (name + "-seed-" + std::to_string(seed));
  fs::create_directories(dir);
  write_all(dir / "base", base);
  write_all(dir / "ours", ours);
  write_all(dir / "theirs", theirs);
  std::string meta = "driver: " + driver + "\npath: " + path + "\nseed: " + std::to_string(seed) +
                     "\nmarker size: " + marker_size + "\n" + story + "\nfailures:\n";
  for (const auto& f : failures) meta += "- " + f + "\n";
  write_all(dir / "meta.txt", meta);
  return dir;
}

}  // namespace lanemerge::property
