// Shell fixes of failing rules with Value substitution.
#include "harden/remediation.hpp"

#include <algorithm>

#include "harden/profile_selection.hpp"

namespace patchplan::harden {
namespace {

// Characters that mean nothing to bash outside quotes.
constexpr std::string_view kPlainCharacters =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._,:/@%+=-";

}  // namespace

std::vector<PlannedFix> remediation_plan(const Benchmark& benchmark, const Profile* profile,
                                         const Evaluation& evaluation) {
  std::vector<PlannedFix> plan;
  for (const RuleResult& result : evaluation.results) {
    // oscap applies no fix to a multi-check result (xccdf_policy_rule_result_remediate).
    if (result.status != RuleStatus::kFail || result.multi_check) continue;
    PlannedFix fix{result.rule, "", ""};
    for (const Fix& candidate : result.rule->fixes) {
      if (candidate.system != "urn:xccdf:fix:script:sh") continue;
      // Markers "\x01idref\x01" stand for <sub idref="..."/> (xccdf_parse.cpp).
      const std::string& text = candidate.text;
      std::size_t pos = 0;
      while (pos < text.size()) {
        const std::size_t open = text.find('\x01', pos);
        if (open == std::string::npos) {
          fix.script += text.substr(pos);
          break;
        }
        const std::size_t close = text.find('\x01', open + 1);
        fix.script += text.substr(pos, open - pos);
        const std::string idref = text.substr(open + 1, close - open - 1);
        const std::string value = bound_value(benchmark, profile, idref).value_or("");
        const bool quoted = open > 0 && text[open - 1] == '\'' && close != std::string::npos &&
                            close + 1 < text.size() && text[close + 1] == '\'';
        const bool safe = quoted ? value.find('\'') == std::string::npos
                                 : value.find_first_not_of(kPlainCharacters) == std::string::npos;
        if (!safe && fix.refusal.empty()) {
          fix.refusal = fmt::format(
              "value '{}' of '{}' would leave the fix's shell quoting; the fix is not run", value,
              idref);
        }
        fix.script += value;
        pos = close == std::string::npos ? text.size() : close + 1;
      }
      break;
    }
    plan.push_back(std::move(fix));
  }
  return plan;
}

bool rule_selected_by(const Rule& rule, const std::vector<std::string>& names) {
  if (names.empty()) return true;
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return rule.id == name || rule.id.ends_with("_rule_" + name);
  });
}

std::string remediation_text(const std::vector<PlannedFix>& plan) {
  std::string out;
  for (const PlannedFix& fix : plan) {
    out += fmt::format("# {} ({})\n", fix.rule->title, fix.rule->id);
    if (!fix.refusal.empty()) out += fmt::format("# refused: {}\n", fix.refusal);
    out += fix.script.empty() ? "# no shell fix in the content\n\n" : fix.script + "\n\n";
  }
  return out;
}

nlohmann::json remediation_json(const std::vector<PlannedFix>& plan) {
  nlohmann::json out = nlohmann::json::array();
  for (const PlannedFix& fix : plan) {
    out.push_back(
        {{"rule", fix.rule->id},
         {"title", fix.rule->title},
         {"script", fix.script.empty() ? nlohmann::json() : nlohmann::json(fix.script)},
         {"refused", fix.refusal.empty() ? nlohmann::json() : nlohmann::json(fix.refusal)}});
  }
  return out;
}

}  // namespace patchplan::harden
