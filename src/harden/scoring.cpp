// urn:xccdf:scoring:default (XCCDF 1.2 section 7.3.2.1, OpenSCAP
// xccdf_item_get_default_score): weighted averages up the Group tree, counting only rules
// with a pass/fail-like result.
#include <vector>

#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {
namespace {

struct Score {
  double score = 0;
  double weight = 0;
  int count = 0;
};

struct Tree {
  std::vector<std::vector<int>> groups;  // child groups per group; index 0 = benchmark
  std::vector<std::vector<std::size_t>> rules;
};

// `results` holds each rule's first result (nullptr: none).
Score group_score(const Benchmark& benchmark, const std::vector<const RuleResult*>& results,
                  const Tree& tree, int node) {
  Score out;
  double sum = 0;
  double weights = 0;
  auto add = [&](const Score& child) {
    if (child.count == 0) return;
    sum += child.score * child.weight;
    weights += child.weight;
    out.count += child.count;
  };
  const auto slot = static_cast<std::size_t>(node + 1);
  for (std::size_t rule : tree.rules[slot]) {
    if (results[rule] == nullptr) continue;
    const RuleStatus status = results[rule]->status;
    Score child;
    child.weight = benchmark.rules[rule].weight;
    const bool counted = status == RuleStatus::kPass || status == RuleStatus::kFail ||
                         status == RuleStatus::kError || status == RuleStatus::kUnknown ||
                         status == RuleStatus::kFixed;
    child.count = counted ? 1 : 0;
    child.score = (status == RuleStatus::kPass || status == RuleStatus::kFixed) ? 100 : 0;
    add(child);
  }
  for (int group : tree.groups[slot]) {
    Score child = group_score(benchmark, results, tree, group);
    child.weight = benchmark.groups[static_cast<std::size_t>(group)].weight;
    add(child);
  }
  out.score = weights > 0 ? sum / weights : 0;
  return out;
}

}  // namespace

double default_score(const Benchmark& benchmark, const std::vector<RuleResult>& results) {
  Tree tree;
  tree.groups.resize(benchmark.groups.size() + 1);
  tree.rules.resize(benchmark.groups.size() + 1);
  for (std::size_t i = 0; i < benchmark.groups.size(); ++i) {
    tree.groups[static_cast<std::size_t>(benchmark.groups[i].parent + 1)].push_back(
        static_cast<int>(i));
  }
  for (std::size_t i = 0; i < benchmark.rules.size(); ++i) {
    tree.rules[static_cast<std::size_t>(benchmark.rules[i].parent + 1)].push_back(i);
  }
  // A multi-check rule has several results; oscap scores its first one
  // (xccdf_result_get_rule_result_by_id).
  std::vector<const RuleResult*> first(benchmark.rules.size(), nullptr);
  for (const RuleResult& result : results) {
    if (result.rule < benchmark.rules.data() ||
        result.rule >= benchmark.rules.data() + benchmark.rules.size()) {
      continue;
    }
    const auto index = static_cast<std::size_t>(result.rule - benchmark.rules.data());
    if (first[index] == nullptr) first[index] = &result;
  }
  return group_score(benchmark, first, tree, -1).score;
}

}  // namespace patchplan::harden
