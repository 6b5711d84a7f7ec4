// XCCDF 1.2 rule evaluation against a host or an offline root: selection, applicability
// (CPE platforms), check selection, value export to OVAL, result mapping and the default
// score, in the order OpenSCAP 1.3.7 decides them (xccdf_policy.c).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "harden/content.hpp"
#include "harden/xccdf_model.hpp"

namespace patchplan::harden {

enum class RuleStatus {
  kPass,
  kFail,
  kError,
  kUnknown,
  kNotApplicable,
  kNotChecked,
  kNotSelected,
  kInformational,
  kFixed
};
inline constexpr std::size_t kRuleStatusCount = 9;

std::string_view status_name(RuleStatus status);

struct RuleResult {
  const Rule* rule = nullptr;
  RuleStatus status = RuleStatus::kNotSelected;
  std::string message;     // why notchecked/unknown/error (oscap's message, in the results)
  std::string definition;  // the OVAL definition that decided it
  // A fail's (or an error's without a message) one-line reason: the definition's result and
  // the test that decided it. Given in --json only: oscap's results documents carry none.
  std::string explanation = {};
  // One of the results of a multi-check="true" check-content-ref without a name: one result
  // per definition of the OVAL file (`definition`), several results for one rule.
  bool multi_check = false;
};

struct Evaluation {
  std::string benchmark_id;
  std::string profile_id;  // "" for the benchmark defaults
  // Every rule, in document order; a multi-check rule has one result per OVAL definition, in
  // oscap's order (definition ids in descending byte order), and its first one is the rule's
  // result for the score, as in oscap.
  std::vector<RuleResult> results;
  double score = 0;  // urn:xccdf:scoring:default
  double max_score = 100;
  std::array<std::size_t, kRuleStatusCount> counts{};

  // oscap's exit status: 2 if any rule failed, errored or is unknown, else 0.
  [[nodiscard]] int exit_status() const;
};

struct EvaluateOptions {
  std::string root = "/";
};

// Evaluates every rule of the benchmark under `profile` (nullptr: benchmark defaults).
// Errors: the content has no benchmark, the root cannot be opened.
Expected<Evaluation> evaluate(const Content& content, const Profile* profile,
                              const EvaluateOptions& options);

// The default scoring model over the benchmark's Group tree (XCCDF 1.2 section 7.3.2.1).
double default_score(const Benchmark& benchmark, const std::vector<RuleResult>& results);

}  // namespace patchplan::harden
