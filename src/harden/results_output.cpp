// Text and JSON renderings of an evaluation and of a benchmark's profiles.
#include "harden/results_output.hpp"

#include <algorithm>

#include "harden/profile_selection.hpp"

namespace patchplan::harden {
namespace {

std::size_t selected_count(const Benchmark& benchmark, const Profile& profile) {
  const Selection selection = select_rules(benchmark, &profile);
  return static_cast<std::size_t>(std::count(selection.rules.begin(), selection.rules.end(), true));
}

}  // namespace

std::string evaluation_text(const Evaluation& evaluation) {
  std::string out;
  for (const RuleResult& result : evaluation.results) {
    if (result.status == RuleStatus::kNotSelected) continue;
    out += fmt::format("{:<13} {:<7} {}  ({}{}{})\n", status_name(result.status),
                       result.rule->severity, result.rule->title, result.rule->id,
                       result.multi_check ? " " : "", result.multi_check ? result.definition : "");
    if (!result.message.empty() && result.status != RuleStatus::kPass &&
        result.status != RuleStatus::kNotApplicable) {
      out += fmt::format("{:<13} {:<7} reason: {}\n", "", "", result.message);
    }
  }
  out += fmt::format("\nscore {:.6f} of {:.0f} (urn:xccdf:scoring:default)\n", evaluation.score,
                     evaluation.max_score);
  std::string counts;
  for (std::size_t i = 0; i < kRuleStatusCount; ++i) {
    if (evaluation.counts[i] == 0) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", evaluation.counts[i],
                          status_name(static_cast<RuleStatus>(i)));
  }
  out += counts + "\n";
  return out;
}

nlohmann::json evaluation_json(const Evaluation& evaluation) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleResult& result : evaluation.results) {
    if (result.status == RuleStatus::kNotSelected) continue;
    nlohmann::json rule = {{"id", result.rule->id},
                           {"result", status_name(result.status)},
                           {"severity", result.rule->severity},
                           {"title", result.rule->title}};
    if (result.multi_check) rule["definition"] = result.definition;
    const std::string& reason = result.message.empty() ? result.explanation : result.message;
    if (!reason.empty() &&
        (result.status == RuleStatus::kFail || result.status == RuleStatus::kError ||
         result.status == RuleStatus::kUnknown || result.status == RuleStatus::kNotChecked)) {
      rule["reason"] = reason;
    }
    rules.push_back(std::move(rule));
  }
  nlohmann::json counts = nlohmann::json::object();
  for (std::size_t i = 0; i < kRuleStatusCount; ++i) {
    counts[std::string(status_name(static_cast<RuleStatus>(i)))] = evaluation.counts[i];
  }
  return {{"benchmark", evaluation.benchmark_id},
          {"profile", evaluation.profile_id},
          {"score", evaluation.score},
          {"max_score", evaluation.max_score},
          {"counts", counts},
          {"rules", rules}};
}

std::string profiles_text(const Benchmark& benchmark) {
  std::string out;
  for (const Profile& profile : benchmark.profiles) {
    out += fmt::format("{:<28} {:>4} rules  {}\n", profile_short_name(profile.id),
                       selected_count(benchmark, profile), profile.title);
  }
  return out;
}

nlohmann::json profiles_json(const Benchmark& benchmark) {
  nlohmann::json out = nlohmann::json::array();
  for (const Profile& profile : benchmark.profiles) {
    out.push_back({{"id", profile.id},
                   {"name", profile_short_name(profile.id)},
                   {"title", profile.title},
                   {"selected_rules", selected_count(benchmark, profile)}});
  }
  return out;
}

}  // namespace patchplan::harden
