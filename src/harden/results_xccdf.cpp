// XCCDF TestResult and ARF documents built with pugixml from the parsed content.
#include "harden/results_xccdf.hpp"

#include <ctime>

#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

constexpr const char* kXccdfNs = "http://checklists.nist.gov/xccdf/1.2";

// Namespace declarations in scope at `node` copied onto `target` (prefixes stay valid).
void copy_namespaces(const pugi::xml_node& node, pugi::xml_node target) {
  for (pugi::xml_node n = node; n; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if ((name == "xmlns" || name.starts_with("xmlns:")) && !target.attribute(a.name())) {
        target.append_attribute(a.name()) = a.value();
      }
    }
  }
}

// The prefix the benchmark uses for XCCDF elements ("xccdf-1.2:" or "").
std::string xccdf_prefix(const pugi::xml_node& benchmark) {
  const std::string_view name = benchmark.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? "" : std::string(name.substr(0, colon + 1));
}

void append_test_result(pugi::xml_node parent, const std::string& p, const Evaluation& evaluation,
                        const ResultsInfo& info) {
  pugi::xml_node result = parent.append_child((p + "TestResult").c_str());
  const std::string profile_part =
      evaluation.profile_id.empty() ? "default-profile" : evaluation.profile_id;
  result.append_attribute("id") = ("xccdf_org.patchplan_testresult_" + profile_part).c_str();
  result.append_attribute("start-time") = info.start_time.c_str();
  result.append_attribute("end-time") = info.end_time.c_str();
  result.append_attribute("test-system") = "cpe:/a:patchplan:patchplan";
  pugi::xml_node benchmark = result.append_child((p + "benchmark").c_str());
  benchmark.append_attribute("href") = info.content_path.c_str();
  benchmark.append_attribute("id") = evaluation.benchmark_id.c_str();
  result.append_child((p + "title").c_str()).text() = "patchplan harden scan result";
  if (!evaluation.profile_id.empty()) {
    result.append_child((p + "profile").c_str()).append_attribute("idref") =
        evaluation.profile_id.c_str();
  }
  result.append_child((p + "target").c_str()).text() = info.target.c_str();
  for (const RuleResult& rule_result : evaluation.results) {
    pugi::xml_node node = result.append_child((p + "rule-result").c_str());
    node.append_attribute("idref") = rule_result.rule->id.c_str();
    node.append_attribute("role") = rule_result.rule->role.c_str();
    node.append_attribute("time") = info.end_time.c_str();
    node.append_attribute("severity") = rule_result.rule->severity.c_str();
    node.append_attribute("weight") = fmt::format("{:.6f}", rule_result.rule->weight).c_str();
    node.append_child((p + "result").c_str()).text() =
        std::string(status_name(rule_result.status)).c_str();
    if (!rule_result.message.empty()) {
      pugi::xml_node message = node.append_child((p + "message").c_str());
      message.append_attribute("severity") = "info";
      message.text() = rule_result.message.c_str();
    }
    if (!rule_result.definition.empty()) {
      pugi::xml_node check = node.append_child((p + "check").c_str());
      check.append_attribute("system") = kOvalSystem;
      // The check evaluated (the last OVAL one) with its multi-check and negate, as oscap
      // renders it; a multi-check's results each name their one definition.
      const Check* evaluated = nullptr;
      for (const Check& rule_check : rule_result.rule->checks) {
        if (rule_check.system == kOvalSystem) evaluated = &rule_check;
      }
      if (evaluated != nullptr && evaluated->multi_check) {
        check.append_attribute("multi-check") = "true";
      }
      if (evaluated != nullptr && evaluated->negate) check.append_attribute("negate") = "true";
      pugi::xml_node ref = check.append_child((p + "check-content-ref").c_str());
      ref.append_attribute("name") = rule_result.definition.c_str();
      for (const Check& rule_check : rule_result.rule->checks) {
        if (rule_check.system == kOvalSystem && !rule_check.refs.empty()) {
          ref.append_attribute("href") = rule_check.refs.front().href.c_str();
          break;
        }
      }
    }
  }
  pugi::xml_node score = result.append_child((p + "score").c_str());
  score.append_attribute("system") = "urn:xccdf:scoring:default";
  score.append_attribute("maximum") = fmt::format("{:.6f}", evaluation.max_score).c_str();
  score.text() = fmt::format("{:.6f}", evaluation.score).c_str();
}

Status save(const pugi::xml_document& doc, const std::string& path) {
  if (!doc.save_file(path.c_str(), "  ", pugi::format_default, pugi::encoding_utf8)) {
    return make_error(ErrorCode::kIo, "cannot write '{}'", path);
  }
  return ok();
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buffer;
}

Status write_xccdf_results(const Content& content, const Evaluation& evaluation,
                           const ResultsInfo& info, const std::string& path) {
  const pugi::xml_node source = content.benchmark_node();
  if (!source) return make_error(ErrorCode::kInvalidInput, "the content has no benchmark");
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node benchmark = doc.append_copy(source);
  copy_namespaces(source, benchmark);
  append_test_result(benchmark, xccdf_prefix(source), evaluation, info);
  return save(doc, path);
}

Status write_arf_results(const Content& content, const Evaluation& evaluation,
                         const ResultsInfo& info, const std::string& path) {
  const pugi::xml_node datastream = content.datastream_node();
  if (!datastream) {
    return make_error(ErrorCode::kInvalidInput, "an arf report needs a source datastream");
  }
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  pugi::xml_node arf = doc.append_child("arf:asset-report-collection");
  arf.append_attribute("xmlns:arf") = "http://scap.nist.gov/schema/asset-reporting-format/1.1";
  arf.append_attribute("xmlns:core") = "http://scap.nist.gov/schema/reporting-core/1.1";
  arf.append_attribute("xmlns:ai") = "http://scap.nist.gov/schema/asset-identification/1.1";

  pugi::xml_node relationships = arf.append_child("core:relationships");
  relationships.append_attribute("xmlns:arfvocab") =
      "http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#";
  pugi::xml_node relationship = relationships.append_child("core:relationship");
  relationship.append_attribute("type") = "arfvocab:createdFor";
  relationship.append_attribute("subject") = "xccdf1";
  relationship.append_child("core:ref").text() = "collection1";
  pugi::xml_node about = relationships.append_child("core:relationship");
  about.append_attribute("type") = "arfvocab:isAbout";
  about.append_attribute("subject") = "xccdf1";
  about.append_child("core:ref").text() = "asset0";

  pugi::xml_node request =
      arf.append_child("arf:report-requests").append_child("arf:report-request");
  request.append_attribute("id") = "collection1";
  pugi::xml_node copied = request.append_child("arf:content").append_copy(datastream);
  copy_namespaces(datastream, copied);

  pugi::xml_node asset = arf.append_child("arf:assets").append_child("arf:asset");
  asset.append_attribute("id") = "asset0";
  pugi::xml_node device = asset.append_child("ai:computing-device");
  device.append_child("ai:hostname").text() = info.target.c_str();

  pugi::xml_node report = arf.append_child("arf:reports").append_child("arf:report");
  report.append_attribute("id") = "xccdf1";
  pugi::xml_node report_content = report.append_child("arf:content");
  // The TestResult in the XCCDF namespace as its own default namespace.
  append_test_result(report_content, "", evaluation, info);
  report_content.first_child().prepend_attribute("xmlns") = kXccdfNs;
  return save(doc, path);
}

}  // namespace patchplan::harden
