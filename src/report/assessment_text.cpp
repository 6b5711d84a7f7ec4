// assessment_text.
#include "report/assessment_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/findings_text.hpp"
#include "report/inventory_text.hpp"
#include "report/tier_style.hpp"

namespace patchplan::report {
namespace {

constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;

std::string suite_of(const updates::PackageUpdate& update) {
  if (update.candidate_from.empty()) return "-";
  const auto& origin = update.candidate_from.front();
  return origin.codename.empty() ? origin.suite : origin.codename;
}

std::string date_of(store::Timestamp time) { return store::format_timestamp(time).substr(0, 10); }

std::string table(const AssessmentView& view, const Terminal& terminal) {
  std::vector<Row> rows;
  rows.push_back({"priority", "package", "installed", "candidate", "source", "suite", "security"});
  for (const auto& p : view.assessment->pending) {
    const auto& u = *p.update;
    std::string package = u.name + ":" + u.architecture + (p.held ? " (held)" : "");
    rows.push_back({std::string(assessment::tier_name(p.priority.tier)), package,
                    u.installed_version, u.candidate_version.value_or("-"), u.candidate_source,
                    suite_of(u), u.security ? "yes" : "no"});
  }
  std::array<std::size_t, kColumns> width{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < kColumns; ++c) {
      line += fmt::format("{:<{}}", rows[r][c], c + 1 == kColumns ? 0 : width[c] + 2);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    Style style = r == 0 ? Style::kBold : tier_style(view.assessment->pending[r - 1].priority.tier);
    out += terminal.paint(style, line) + "\n";
  }
  return out;
}

std::string changes_line(const AssessmentView& view) {
  if (!view.previous_taken_at) return "first assessment of this host\n";
  const auto& c = view.changes;
  if (c.empty()) {
    return fmt::format("no change since {}\n", store::format_timestamp(*view.previous_taken_at));
  }
  std::string out = fmt::format("changes since {}: {} new, {} resolved, {} changed\n",
                                store::format_timestamp(*view.previous_taken_at), c.appeared.size(),
                                c.resolved.size(), c.new_candidate.size());
  for (const auto& row : c.appeared) {
    out += fmt::format("  + {}:{} {} -> {}\n", row.package, row.architecture, row.installed_version,
                       row.candidate_version);
  }
  for (const auto& row : c.resolved) {
    out += fmt::format("  - {}:{} no longer pending (was {} -> {})\n", row.package,
                       row.architecture, row.installed_version, row.candidate_version);
  }
  for (const auto& row : c.new_candidate) {
    out += fmt::format("  ~ {}:{} now {} -> {}\n", row.package, row.architecture,
                       row.installed_version, row.candidate_version);
  }
  return out;
}

}  // namespace

std::string assessment_text(const AssessmentView& view, const Terminal& terminal) {
  const auto& assessment = *view.assessment;
  std::string out = host_text(assessment.host, terminal) + "\n";
  if (assessment.pending.empty()) {
    out += "no pending updates\n";
  } else {
    out += table(view, terminal);
  }
  if (view.vulnerabilities) out += "\n" + findings_text(*view.vulnerabilities, terminal);
  out += "\n" + changes_line(view);
  auto oldest = view.oldest_since();
  std::string summary = fmt::format("{} pending, {} security", assessment.pending.size(),
                                    assessment.security_count());
  if (oldest) summary += fmt::format(", oldest pending since {}", date_of(*oldest));
  out += terminal.paint(Style::kBold, summary) + "\n";
  return out;
}

}  // namespace patchplan::report
