// The oracle of the edge-case tests: from the three versions as read by
// edge_model (never from the engine), what a driver must do with them —
// Manual, Auto, or either where the conventions leave it open — and whether
// an Auto result is right line by line. DESIGN.md ("Entry-level three-way
// merge", the rule sections) and the merge conventions are the reference;
// README.md in this directory lists every check.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "edge_model.hpp"

namespace lanemerge::property::edge {

struct Judgement {
  std::vector<std::string> manual;   // why the merge must be Manual
  std::vector<std::string> either;   // why the conventions also allow Manual
  std::vector<std::string> invalid;  // the inputs themselves are not what the generator means to write
};

struct ScopeExpect;

class Oracle {
public:
  // The three versions of one run (ours and theirs as the driver sees them);
  // `keyed`: lanemerge.policy=keyed (it changes pyproject scopes only).
  Oracle(const FileModel& base, const FileModel& ours, const FileModel& theirs, bool keyed);
  ~Oracle();
  Oracle(const Oracle&) = delete;
  Oracle& operator=(const Oracle&) = delete;

  const Judgement& judgement() const { return judgement_; }

  // The failures of an Auto result (exit 0 where git's text merge conflicts);
  // empty when the result is right.
  std::vector<std::string> check(const FileModel& result) const;

private:
  const FileModel &b_, &o_, &t_;
  bool keyed_;
  Judgement judgement_;
  std::vector<std::string> skeleton_;  // git's merge of the lines outside the scopes
  bool skeleton_clean_ = false;
  std::vector<std::pair<std::string, std::shared_ptr<ScopeExpect>>> scopes_;
};

// What symmetry compares: the entries (key, value) of every scope.
std::string summary(const FileModel& m);

}  // namespace lanemerge::property::edge
