// HTML rendering with every text escaped.
#include "harden/report_html.hpp"

namespace patchplan::harden {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string evaluation_html(const Benchmark& benchmark, const Evaluation& evaluation) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>patchplan harden: " +
      escape(benchmark.title) +
      "</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
      ".pass{color:#070}.fail,.error{color:#b00}.unknown{color:#a60}</style></head><body>\n";
  out += "<h1>" + escape(benchmark.title) + "</h1>\n";
  out += fmt::format("<p>Profile {} &mdash; score {:.2f} of {:.0f}</p>\n<p>",
                     escape(evaluation.profile_id), evaluation.score, evaluation.max_score);
  for (std::size_t i = 0; i < kRuleStatusCount; ++i) {
    if (evaluation.counts[i] == 0 || i == static_cast<std::size_t>(RuleStatus::kNotSelected)) {
      continue;
    }
    out += fmt::format("{} {}; ", evaluation.counts[i], status_name(static_cast<RuleStatus>(i)));
  }
  out += "</p>\n<table>\n<tr><th>result</th><th>severity</th><th>rule</th><th>reason</th></tr>\n";
  for (const RuleResult& result : evaluation.results) {
    if (result.status == RuleStatus::kNotSelected) continue;
    const std::string_view status = status_name(result.status);
    out += fmt::format(
        "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}<br><small>{}</small></td>"
        "<td>{}</td></tr>\n",
        status, status, escape(result.rule->severity), escape(result.rule->title),
        escape(result.rule->id), escape(result.message));
  }
  return out + "</table>\n</body></html>\n";
}

}  // namespace patchplan::harden
