// SCAP result documents that OpenSCAP accepts: an XCCDF 1.2 Benchmark with its TestResult
// (XCCDF 1.2 section 6.6), and an ARF 1.1 asset report collection holding the source
// datastream and that TestResult (NISTIR 7694), as `oscap xccdf eval --results(-arf)`
// writes them.
#pragma once

#include <string>

#include "common/expected.hpp"
#include "harden/content.hpp"
#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {

struct ResultsInfo {
  std::string content_path;  // the evaluated file, as given
  std::string start_time;    // ISO 8601, UTC
  std::string end_time;
  std::string target;  // host name
};

// Writes the benchmark with a TestResult appended to `path`.
Status write_xccdf_results(const Content& content, const Evaluation& evaluation,
                           const ResultsInfo& info, const std::string& path);

// Writes an ARF report: report-request (the datastream), asset, report (the TestResult).
// Errors: the content is not a datastream, the file cannot be written.
Status write_arf_results(const Content& content, const Evaluation& evaluation,
                         const ResultsInfo& info, const std::string& path);

// The current time as ISO 8601 with "+00:00".
std::string utc_now();

}  // namespace patchplan::harden
