// Shell fixes of failing rules with Value substitution.
#include "harden/remediation.hpp"

#include "harden/profile_selection.hpp"

namespace patchplan::harden {

std::vector<PlannedFix> remediation_plan(const Benchmark& benchmark, const Profile* profile,
                                         const Evaluation& evaluation) {
  std::vector<PlannedFix> plan;
  for (const RuleResult& result : evaluation.results) {
    if (result.status != RuleStatus::kFail) continue;
    PlannedFix fix{result.rule, ""};
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
        fix.script += bound_value(benchmark, profile, idref).value_or("");
        pos = close == std::string::npos ? text.size() : close + 1;
      }
      break;
    }
    plan.push_back(std::move(fix));
  }
  return plan;
}

std::string remediation_text(const std::vector<PlannedFix>& plan) {
  std::string out;
  for (const PlannedFix& fix : plan) {
    out += fmt::format("# {} ({})\n", fix.rule->title, fix.rule->id);
    out += fix.script.empty() ? "# no shell fix in the content\n\n" : fix.script + "\n\n";
  }
  return out;
}

}  // namespace patchplan::harden
