// Rule evaluation in oscap's order (xccdf_policy.c _xccdf_policy_rule_evaluate): selection,
// role, applicability, check selection, value bindings, check-content-refs, result mapping.
#include "harden/xccdf_evaluator.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "common/root_fs.hpp"
#include "harden/applicability.hpp"
#include "harden/oval_engine.hpp"
#include "harden/probes/file_tree.hpp"
#include "harden/profile_selection.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

// The OVAL engines of one run, one per document, sharing the probe context.
class EngineSet {
 public:
  EngineSet(const Content& content, ProbeContext& probes, ExternalValues externals)
      : content_(content), probes_(probes), externals_(std::move(externals)) {}

  OvalEngine* engine(std::string_view href) {
    auto it = engines_.find(std::string(href));
    if (it != engines_.end()) return it->second.get();
    const OvalDocument* document = content_.oval(href);
    if (document == nullptr) return nullptr;
    auto engine = std::make_unique<OvalEngine>(*document, probes_, externals_);
    return engines_.emplace(std::string(href), std::move(engine)).first->second.get();
  }

 private:
  const Content& content_;
  ProbeContext& probes_;
  ExternalValues externals_;
  std::map<std::string, std::unique_ptr<OvalEngine>> engines_;
};

// The check oscap picks: the last one with an OVAL engine (no complex-check in SSG).
const Check* chosen_check(const Rule& rule) {
  const Check* chosen = nullptr;
  for (const Check& check : rule.checks) {
    if (check.system == kOvalSystem) chosen = &check;
  }
  return chosen;
}

// OVAL definition result to XCCDF rule result (oval_agent.c).
RuleStatus map_result(OvalResult result, std::string_view definition_class, bool negate) {
  const bool inverted = definition_class == "vulnerability" || definition_class == "patch";
  switch (result) {
    case OvalResult::kTrue:
      return (inverted != negate) ? RuleStatus::kFail : RuleStatus::kPass;
    case OvalResult::kFalse:
      return (inverted != negate) ? RuleStatus::kPass : RuleStatus::kFail;
    case OvalResult::kUnknown:
      return RuleStatus::kUnknown;
    case OvalResult::kError:
      return RuleStatus::kError;
    case OvalResult::kNotEvaluated:
      return RuleStatus::kNotChecked;
    case OvalResult::kNotApplicable:
      return RuleStatus::kNotApplicable;
  }
  return RuleStatus::kUnknown;
}

// A fail's or an error's one-line reason.
std::string explain(OvalEngine& engine, std::string_view id, OvalResult result, bool negate) {
  std::string why = engine.explain(id);
  if (why.empty()) {
    why = engine.reason(id);
    if (why.empty()) why = fmt::format("definition '{}' is {}", id, result_name(result));
  }
  return negate ? "negated check: " + why : why;
}

// The result of one named definition, as a rule result.
RuleResult definition_result(const Rule& rule, const Check& check, OvalEngine& engine,
                             std::string_view id) {
  RuleResult out{&rule, RuleStatus::kNotChecked, "", std::string(id)};
  const pugi::xml_node definition = engine.document().definition(id);
  const OvalResult result = engine.definition(id);
  out.status = map_result(result, definition.attribute("class").value(), check.negate);
  if (out.status == RuleStatus::kError || out.status == RuleStatus::kUnknown) {
    out.message = engine.reason(id);
  }
  if (out.status == RuleStatus::kFail ||
      (out.status == RuleStatus::kError && out.message.empty())) {
    out.explanation = explain(engine, id, result, check.negate);
  }
  return out;
}

// The check's results: one, or one per definition for a multi-check (xccdf_policy.c
// _xccdf_policy_rule_evaluate: the engine lists the file's definitions, each is evaluated
// with the check's negate and reported as a rule-result of its own).
std::vector<RuleResult> run_check(const Rule& rule, const Check& check, EngineSet& engines) {
  RuleResult out{&rule, RuleStatus::kNotChecked, "", ""};
  for (const CheckContentRef& ref : check.refs) {
    OvalEngine* engine = engines.engine(ref.href);
    if (engine == nullptr) continue;
    if (ref.name.empty() && check.multi_check) {
      // oscap lists the definitions from its id-keyed tree: descending byte order of the ids.
      std::vector<std::string_view> ids = engine->document().definition_ids();
      std::sort(ids.begin(), ids.end(), std::greater<>());
      if (ids.empty()) {
        out.status = RuleStatus::kUnknown;
        out.message = "No definitions found for @multi-check.";
        return {out};
      }
      std::vector<RuleResult> results;
      for (std::string_view id : ids) {
        results.push_back(definition_result(rule, check, *engine, id));
        results.back().multi_check = true;
      }
      return results;
    }
    if (ref.name.empty()) {
      // multi-check="false" without a name: every definition of the document, ANDed.
      ResultCounts counts;
      for (std::string_view id : engine->document().definition_ids()) {
        counts.add(engine->definition(id));
      }
      const OvalResult result = combine(Operator::kAnd, counts);
      out.status = map_result(result, "compliance", check.negate);
      if (out.status == RuleStatus::kFail || out.status == RuleStatus::kError) {
        // The first definition that gave the combined result decided it.
        for (std::string_view id : engine->document().definition_ids()) {
          if (engine->definition(id) != result) continue;
          out.explanation = explain(*engine, id, result, check.negate);
          break;
        }
      }
      return {out};
    }
    if (!engine->document().definition(ref.name)) continue;
    return {definition_result(rule, check, *engine, ref.name)};
  }
  out.message = "None of the check-content-ref elements was resolvable.";
  return {out};
}

}  // namespace

std::string_view status_name(RuleStatus status) {
  static constexpr std::string_view kNames[] = {"pass",        "fail",          "error",
                                                "unknown",     "notapplicable", "notchecked",
                                                "notselected", "informational", "fixed"};
  return kNames[static_cast<std::size_t>(status)];
}

int Evaluation::exit_status() const {
  const bool bad = counts[static_cast<std::size_t>(RuleStatus::kFail)] > 0 ||
                   counts[static_cast<std::size_t>(RuleStatus::kError)] > 0 ||
                   counts[static_cast<std::size_t>(RuleStatus::kUnknown)] > 0;
  return bad ? 2 : 0;
}

Expected<Evaluation> evaluate(const Content& content, const Profile* profile,
                              const EvaluateOptions& options) {
  const Benchmark* benchmark = content.benchmark();
  if (benchmark == nullptr) {
    return make_error(ErrorCode::kInvalidInput, "the content has no xccdf benchmark");
  }
  auto fs = RootFs::open(options.root);
  if (!fs) return fs.error();
  auto trees = FileTreeCache::open(fs->root());
  if (!trees) return trees.error();
  ProbeContext probes{*fs, **trees, nullptr, ""};

  const Selection selection = select_rules(*benchmark, profile);
  // Every exported value of the selected rules, bound once for the run.
  ExternalValues externals;
  std::vector<bool> bindings_ok(benchmark->rules.size(), true);
  for (std::size_t i = 0; i < benchmark->rules.size(); ++i) {
    if (!selection.rules[i]) continue;
    const Check* check = chosen_check(benchmark->rules[i]);
    if (check == nullptr) continue;
    for (const CheckExport& exported : check->exports) {
      auto value = bound_value(*benchmark, profile, exported.value_id);
      if (!value) {
        bindings_ok[i] = false;
        continue;
      }
      externals[exported.export_name] = {*value};
    }
  }
  EngineSet engines(content, probes, std::move(externals));
  Applicability applicability(*benchmark, [&](std::string_view href, std::string_view id) {
    OvalEngine* engine = engines.engine(href);
    return engine == nullptr ? OvalResult::kError : engine->definition(id);
  });

  // Applicability of the Group chains, memoized per Group.
  std::vector<int> group_applies(benchmark->groups.size(), -1);
  const bool benchmark_applies = applicability.applies(benchmark->platforms);
  std::function<bool(int)> chain_applies = [&](int g) -> bool {
    if (g < 0) return benchmark_applies;
    auto& memo = group_applies[static_cast<std::size_t>(g)];
    if (memo < 0) {
      const Group& group = benchmark->groups[static_cast<std::size_t>(g)];
      memo = chain_applies(group.parent) && applicability.applies(group.platforms) ? 1 : 0;
    }
    return memo == 1;
  };

  Evaluation evaluation;
  evaluation.benchmark_id = benchmark->id;
  evaluation.profile_id = profile != nullptr ? profile->id : "";
  for (std::size_t i = 0; i < benchmark->rules.size(); ++i) {
    const Rule& rule = benchmark->rules[i];
    RuleResult result{&rule, RuleStatus::kNotSelected, "", ""};
    const Check* check = chosen_check(rule);
    if (!selection.rules[i]) {
      // notselected
    } else if (rule.role == "unchecked") {
      result.status = RuleStatus::kNotChecked;
    } else if (!chain_applies(rule.parent) || !applicability.applies(rule.platforms)) {
      result.status = RuleStatus::kNotApplicable;
    } else if (check == nullptr) {
      result.status = RuleStatus::kNotChecked;
      result.message = "No candidate or applicable check found.";
    } else if (!bindings_ok[i]) {
      result.status = RuleStatus::kUnknown;
      result.message = "Value bindings not found.";
    } else {
      for (RuleResult& checked : run_check(rule, *check, engines)) {
        if (rule.role == "unscored" && checked.status != RuleStatus::kNotApplicable) {
          checked.status = RuleStatus::kInformational;
        }
        ++evaluation.counts[static_cast<std::size_t>(checked.status)];
        evaluation.results.push_back(std::move(checked));
      }
      continue;
    }
    ++evaluation.counts[static_cast<std::size_t>(result.status)];
    evaluation.results.push_back(std::move(result));
  }
  evaluation.score = default_score(*benchmark, evaluation.results);
  return evaluation;
}

}  // namespace patchplan::harden
