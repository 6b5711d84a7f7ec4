// `harden --remediate`: runs the shell fixes of the failing rules one by one, each first as a
// trial in an overlay (which lists the files it writes), then for real, journaling the
// before and after of every such file; then re-evaluates. And the rollback of such a run.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "harden/content.hpp"
#include "harden/fix_sandbox.hpp"
#include "harden/xccdf_evaluator.hpp"
#include "store/store.hpp"

namespace patchplan::harden {

struct RemediateOptions {
  std::string root = "/";
  std::string host;                            // the journal's host name
  std::vector<std::string> rules;              // only these failing rules (full ids); empty: all
  std::chrono::milliseconds timeout{300'000};  // per run of a fix
  std::size_t max_file_bytes = 16u << 20;      // larger files that a fix changes refuse the fix
};

// What happened to one failing rule's fix.
struct FixRecord {
  const Rule* rule = nullptr;
  // "applied" (exit 0), "failed" (non-zero exit or signal), "timed-out" (trial or real run
  // killed at the timeout), "refused" (a Value that would leave its quoting, a file too
  // large, a script too long: nothing run), "no-fix" (the content has no shell fix).
  std::string outcome;
  std::string message;
  FixOutcome trial;
  FixOutcome run;
  bool ran = false;                   // the real run happened
  std::vector<std::string> paths;     // files the fix changed
  std::vector<std::string> diverged;  // whose result differs from the trial's
  RuleStatus before = RuleStatus::kFail;
  RuleStatus after = RuleStatus::kFail;
};

struct RemediationResult {
  std::string change_id;  // empty when no selected rule failed (nothing was run or journaled)
  std::vector<FixRecord> fixes;  // in document order
  Evaluation after;              // the re-evaluation
};

// Runs the fixes of `evaluation`'s failing rules against options.root. Policy: a fix that
// fails or times out is journaled and the run goes on with the next one (fixes of the SSG
// content are independent of each other); only a broken environment (the namespace or the
// store) stops it, with what ran so far journaled. Errors: the root has no /bin/bash, the
// store cannot be written, a trial cannot be set up.
Expected<RemediationResult> remediate(const Content& content, const Profile* profile,
                                      const Evaluation& evaluation, const RemediateOptions& options,
                                      store::Store& store);

// True if `change_id` names a remediation in `store` (else it may be a deployment).
Expected<bool> is_remediation_change(store::Store& store, const std::string& change_id);

struct RemediationRollback {
  std::string change_id;
  std::string root;
  std::vector<std::string> restored;  // paths, in the order restored
};

// Restores every file the change's fixes changed (content, mode, owner, time; created files
// removed, deleted ones recreated), the last fix first, and journals it. Errors: unknown or
// already rolled back change (kConflict), a file changed since the fixes left it (kConflict,
// nothing restored), a stored content missing or not matching its
// digest, a path that cannot be restored (the ones before it stay restored, the journal
// says which).
Expected<RemediationRollback> roll_back_remediation(store::Store& store,
                                                    const std::string& change_id);

}  // namespace patchplan::harden
