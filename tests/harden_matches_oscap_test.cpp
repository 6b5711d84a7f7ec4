// Oracle test: `oscap xccdf eval` and the native evaluator back to back on this machine, for
// every Debian 12 profile and the standard profiles of the Debian 11 and Ubuntu 22.04
// content; every rule must get oscap's result. Prints the agreement per profile.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "common/root_fs.hpp"
#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "harden/content.hpp"
#include "harden/oval_engine.hpp"
#include "harden/probes/file_tree.hpp"
#include "harden/profile_selection.hpp"
#include "harden/results_xccdf.hpp"
#include "harden/rule_results_file.hpp"
#include "harden/xccdf_evaluator.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

struct Case {
  std::string content;  // file name in shared/data/scap
  std::string profile;
};

class HardenMatchesOscapTest : public ::testing::TestWithParam<Case> {};

// The four ANSSI-BP-028 profiles hold rules that walk the whole file system: oscap needs 4 to 10
// minutes for each here, more than the CI budget allows for four of them. They run when
// PATCHPLAN_ORACLE_ALL_PROFILES=1 (README: "Tests").
class HardenMatchesOscapLongTest : public HardenMatchesOscapTest {
 protected:
  void SetUp() override {
    const char* all = std::getenv("PATCHPLAN_ORACLE_ALL_PROFILES");
    if (all == nullptr || std::string_view(all) != "1") {
      GTEST_SKIP() << "oscap walks the whole file system for this profile; set "
                      "PATCHPLAN_ORACLE_ALL_PROFILES=1 to compare it";
    }
  }
};

void expect_oscaps_results(const Case& param);

TEST_P(HardenMatchesOscapTest, EveryRuleGetsOscapsResult) { expect_oscaps_results(GetParam()); }

TEST_P(HardenMatchesOscapLongTest, EveryRuleGetsOscapsResult) { expect_oscaps_results(GetParam()); }

void expect_oscaps_results(const Case& param) {
  const std::string datastream = PATCHPLAN_SHARED_DIR "/data/scap/" + param.content;
  patchplan::testing::TempDir dir;
  const std::string results = (dir.path() / "results.xml").string();
  auto content = Content::load(datastream);
  ASSERT_TRUE(content) << content.error().message;
  auto profile = find_profile(*content->benchmark(), param.profile);
  ASSERT_TRUE(profile) << profile.error().message;

  // Back to back: oscap first, then ours on the same machine state.
  const auto oscap = patchplan::testing::run_process(
      {"oscap", "xccdf", "eval", "--profile", (*profile)->id, "--results", results, datastream});
  ASSERT_TRUE(oscap.exit_code == 0 || oscap.exit_code == 2) << oscap.err;
  auto evaluation = evaluate(*content, *profile, {});
  ASSERT_TRUE(evaluation) << evaluation.error().message;

  auto read = read_rule_results(results);
  ASSERT_TRUE(read) << read.error().message;
  const auto& expected = *read;
  ASSERT_EQ(expected.size(), evaluation->results.size());
  std::size_t agree = 0;
  std::size_t selected = 0;
  for (const RuleResult& result : evaluation->results) {
    auto it = expected.find(result.rule->id);
    ASSERT_NE(it, expected.end()) << result.rule->id;
    if (it->second != "notselected") ++selected;
    if (it->second == status_name(result.status)) {
      if (it->second != "notselected") ++agree;
      continue;
    }
    ADD_FAILURE() << result.rule->id << ": oscap " << it->second << ", ours "
                  << status_name(result.status) << " (" << result.message << ")";
  }
  std::printf("%s %s: %zu of %zu selected rules agree with oscap, exit %d/%d\n",
              param.content.c_str(), param.profile.c_str(), agree, selected, oscap.exit_code,
              evaluation->exit_status());
  EXPECT_EQ(oscap.exit_code, evaluation->exit_status());
}

// oscap itself validates our ARF and XCCDF results and renders its HTML report from them.
TEST(HardenResultsTest, OscapAcceptsOurArfAndXccdfResults) {
  const std::string datastream = PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml";
  auto content = Content::load(datastream);
  ASSERT_TRUE(content) << content.error().message;
  auto profile = find_profile(*content->benchmark(), "anssi_np_nt28_high");
  ASSERT_TRUE(profile);
  auto evaluation = evaluate(*content, *profile, {});
  ASSERT_TRUE(evaluation);
  patchplan::testing::TempDir dir;
  const std::string arf = (dir.path() / "arf.xml").string();
  const std::string xccdf = (dir.path() / "xccdf.xml").string();
  const ResultsInfo info{datastream, utc_now(), utc_now(), "test-host"};
  ASSERT_TRUE(write_arf_results(*content, *evaluation, info, arf));
  ASSERT_TRUE(write_xccdf_results(*content, *evaluation, info, xccdf));
  const auto arf_valid = patchplan::testing::run_process({"oscap", "ds", "rds-validate", arf});
  EXPECT_EQ(arf_valid.exit_code, 0) << arf_valid.err;
  const auto xccdf_valid = patchplan::testing::run_process({"oscap", "xccdf", "validate", xccdf});
  EXPECT_EQ(xccdf_valid.exit_code, 0) << xccdf_valid.out << xccdf_valid.err;
  for (const std::string& file : {arf, xccdf}) {
    const auto report =
        patchplan::testing::run_process({"oscap", "xccdf", "generate", "report", file});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("xccdf_org.ssgproject.content_rule_apt_sources_list_official"),
              std::string::npos);
  }
}

// Small hand-made OVAL documents evaluated by `oscap oval eval` (OSCAP_PROBE_ROOT=root) and by
// the native engine on the same root: every definition must get oscap's result.
class OvalMatchesOscapTest : public ::testing::Test {
 protected:
  // oscap's definition results (id -> "true", "false", "error"...) and its variable values
  // (variable id -> values, from the collected variable_object items).
  struct OscapRun {
    std::map<std::string, std::string> definitions;
    std::map<std::string, std::vector<std::string>> variables;
  };

  OscapRun run_oscap(const std::string& oval) const {
    const std::string results = (dir_.path() / "oscap-results.xml").string();
    patchplan::testing::ProcessOptions options;
    options.environment["OSCAP_PROBE_ROOT"] = root_.path().string();
    const auto run = patchplan::testing::run_process(
        {"oscap", "oval", "eval", "--results", results, oval}, options);
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    OscapRun out;
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_file(results.c_str()));
    for (const pugi::xpath_node& node : doc.select_nodes("//*[local-name()='definition' and "
                                                         "@definition_id and @result]")) {
      out.definitions[node.node().attribute("definition_id").value()] =
          node.node().attribute("result").value();
    }
    for (const pugi::xpath_node& node : doc.select_nodes("//*[local-name()='variable_item']")) {
      std::string id;
      std::vector<std::string> values;
      for (pugi::xml_node c = node.node().first_child(); c; c = c.next_sibling()) {
        if (local_name(c) == "var_ref") id = c.text().get();
        if (local_name(c) == "value") values.emplace_back(c.text().get());
      }
      auto& all = out.variables[id];
      all.insert(all.end(), values.begin(), values.end());
    }
    return out;
  }

  // Writes `body` (definitions ... variables) as an OVAL 5.11 document oscap accepts.
  std::string write_oval(const std::string& body) const {
    return dir_
        .write("oval.xml",
               R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"
  xmlns:unix="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix">
<generator><oval:schema_version>5.11</oval:schema_version>
<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
)" + body + "</oval_definitions>\n")
        .string();
  }

  // Runs both on `oval` and expects oscap's result for every definition; returns oscap's run.
  OscapRun expect_oscaps_results(const std::string& oval) const {
    OscapRun oscap = run_oscap(oval);
    EXPECT_FALSE(oscap.definitions.empty());
    auto content = Content::load(oval);
    EXPECT_TRUE(content) << content.error().message;
    if (!content) return oscap;
    auto fs = RootFs::open(root_.path().string());
    auto trees = FileTreeCache::open(root_.path().string());
    EXPECT_TRUE(fs && trees);
    if (!fs || !trees) return oscap;
    ProbeContext probes{*fs, **trees, nullptr, ""};
    OvalEngine engine(*content->oval(content->oval_href()), probes, {});
    for (const auto& [id, expected] : oscap.definitions) {
      EXPECT_EQ(result_name(engine.definition(id)), expected)
          << id << " (" << engine.explain(id) << engine.reason(id) << ")";
    }
    return oscap;
  }

  static std::string definition(const std::string& n, const std::string& test_n) {
    return fmt::format(
        R"(<definition id="oval:x:def:{}" version="1" class="compliance"><metadata><title>t</title>
<description>d</description></metadata><criteria><criterion test_ref="oval:x:tst:{}"/>
</criteria></definition>
)",
        n, test_n);
  }

  patchplan::testing::TempDir root_;
  patchplan::testing::TempDir dir_;
};

// A filepath that designates no regular file once followed: textfilecontent54 finds nothing
// (oscap: flag "does not exist", so the test is false, none_exist true); the file probe lstats
// the path itself, so a dangling link, a loop, a FIFO and a socket are items, a directory
// is not (filepath designates non-directories).
TEST_F(OvalMatchesOscapTest, TextfilecontentOnDanglingLinksLoopsAndNonRegularFiles) {
  namespace fs = std::filesystem;
  const fs::path etc = root_.path() / "etc";
  fs::create_directories(etc / "dir.conf");
  fs::create_symlink("nonexistent", etc / "dangling.conf");
  fs::create_symlink("b.conf", etc / "a.conf");
  fs::create_symlink("a.conf", etc / "b.conf");
  fs::create_symlink("/etc/missing/../dangling.conf", etc / "absolute.conf");
  ASSERT_EQ(::mkfifo((etc / "fifo.conf").c_str(), 0644), 0);
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string sock_path = (etc / "sock.conf").string();
  ASSERT_LT(sock_path.size(), sizeof address.sun_path);
  std::copy(sock_path.begin(), sock_path.end(), address.sun_path);
  ASSERT_EQ(::bind(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ::close(sock);
  root_.write("etc/real.conf", "key=value\n");
  fs::create_symlink("real.conf", etc / "link.conf");

  std::string definitions, tests, objects;
  int n = 0;
  for (const char* name : {"dangling", "a", "absolute", "dir", "fifo", "sock", "real", "link"}) {
    ++n;
    definitions += definition(std::to_string(n), std::to_string(n)) +
                   definition(fmt::format("1{}", n), fmt::format("1{}", n)) +
                   definition(fmt::format("2{}", n), fmt::format("2{}", n));
    tests += fmt::format(
        R"(<ind:textfilecontent54_test id="oval:x:tst:{0}" version="1" comment="c" check="all">
<ind:object object_ref="oval:x:obj:{0}"/></ind:textfilecontent54_test>
<ind:textfilecontent54_test id="oval:x:tst:2{0}" version="1" comment="c" check="all"
 check_existence="none_exist"><ind:object object_ref="oval:x:obj:{0}"/>
</ind:textfilecontent54_test>
<unix:file_test id="oval:x:tst:1{0}" version="1" comment="c" check="all">
<unix:object object_ref="oval:x:obj:1{0}"/></unix:file_test>
)",
        n);
    objects += fmt::format(
        R"(<ind:textfilecontent54_object id="oval:x:obj:{0}" version="1">
<ind:filepath>/etc/{1}.conf</ind:filepath><ind:pattern operation="pattern match">^.*$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<unix:file_object id="oval:x:obj:1{0}" version="1"><unix:filepath>/etc/{1}.conf</unix:filepath>
</unix:file_object>
)",
        n, name);
  }
  // The same files through a pattern-match walk of /etc: only real.conf and link.conf match.
  definitions += definition("99", "99");
  tests += R"(<ind:textfilecontent54_test id="oval:x:tst:99" version="1" comment="c"
 check="all" check_existence="only_one_exists"><ind:object object_ref="oval:x:obj:99"/>
</ind:textfilecontent54_test>)";
  objects += R"(<ind:textfilecontent54_object id="oval:x:obj:99" version="1">
<ind:filepath operation="pattern match">^/etc/[^r].*\.conf$</ind:filepath>
<ind:pattern operation="pattern match">^key=.*$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>)";
  const auto oscap =
      expect_oscaps_results(write_oval("<definitions>" + definitions + "</definitions><tests>" +
                                       tests + "</tests><objects>" + objects + "</objects>"));
  // What oscap decided, so that a change of oscap is seen here.
  EXPECT_EQ(oscap.definitions.at("oval:x:def:1"), "false");   // dangling
  EXPECT_EQ(oscap.definitions.at("oval:x:def:2"), "false");   // loop
  EXPECT_EQ(oscap.definitions.at("oval:x:def:6"), "false");   // socket
  EXPECT_EQ(oscap.definitions.at("oval:x:def:7"), "true");    // regular file
  EXPECT_EQ(oscap.definitions.at("oval:x:def:8"), "true");    // link to it
  EXPECT_EQ(oscap.definitions.at("oval:x:def:11"), "true");   // file probe: the link itself
  EXPECT_EQ(oscap.definitions.at("oval:x:def:14"), "false");  // file probe: a directory
  EXPECT_EQ(oscap.definitions.at("oval:x:def:99"), "true");   // link.conf only
}

// time_difference (OVAL 5.11) where oscap 1.3.7 computes what the specification says: seconds
// since the epoch, and dates of each format within one month (its date parsing shifts months
// by one, so spans across a month end differ; those cases are in oval_engine_test.cpp).
TEST_F(OvalMatchesOscapTest, TimeDifferenceValuesAreOscaps) {
  struct Variable {
    std::string formats;
    std::vector<std::string> components;  // literal values; "*" marks a 2-value constant
  };
  const std::vector<Variable> variables = {
      {R"(format_1="seconds_since_epoch" format_2="seconds_since_epoch")", {"1000000", "400"}},
      {"", {"20090402", "20050202"}},
      {"", {"2009/04/02 10:20:30", "2009-04-01"}},
      {R"(format_1="month_day_year" format_2="day_month_year")", {"04/02/2009", "02/04/2009"}},
      {"", {"20090402T102030", "20090402"}},
      {R"(format_1="month_day_year" format_2="month_day_year")",
       {"Apr, 12 2009 10:00:00", "April, 02 2009"}},
      {R"(format_1="month_day_year" format_2="day_month_year")",
       {"04-30-2009 23:59:59", "01-04-2009 00:00:01"}},
      {R"(format_1="cim_datetime" format_2="cim_datetime")",
       {"20090402102030.000000+000", "2009-04-01 00:00:00:000"}},
      {R"(format_1="seconds_since_epoch" format_2="seconds_since_epoch")", {"*", "100"}},
      {R"(format_2="seconds_since_epoch")", {"1000"}},  // from the current time
  };
  std::string definitions, tests, objects, values;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    std::string components;
    for (const std::string& value : variables[i].components) {
      components += value == "*" ? R"(<variable_component var_ref="oval:x:var:100"/>)"
                                 : "<literal_component>" + value + "</literal_component>";
    }
    definitions += definition(n, n);
    tests += fmt::format(
        R"(<ind:variable_test id="oval:x:tst:{0}" version="1" comment="c" check="all">
<ind:object object_ref="oval:x:obj:{0}"/></ind:variable_test>
)",
        n);
    objects += fmt::format(
        R"(<ind:variable_object id="oval:x:obj:{0}" version="1">
<ind:var_ref>oval:x:var:{0}</ind:var_ref></ind:variable_object>
)",
        n);
    values += fmt::format(
        R"(<local_variable id="oval:x:var:{}" version="1" comment="c" datatype="int">
<time_difference {}>{}</time_difference></local_variable>
)",
        n, variables[i].formats, components);
  }
  values += R"(<constant_variable id="oval:x:var:100" version="1" comment="c" datatype="int">
<value>5000</value><value>7000</value></constant_variable>)";
  const std::string oval =
      write_oval("<definitions>" + definitions + "</definitions><tests>" + tests +
                 "</tests><objects>" + objects + "</objects><variables>" + values + "</variables>");
  const OscapRun oscap = expect_oscaps_results(oval);

  auto content = Content::load(oval);
  ASSERT_TRUE(content) << content.error().message;
  auto fs = RootFs::open(root_.path().string());
  auto trees = FileTreeCache::open(root_.path().string());
  ASSERT_TRUE(fs && trees);
  ProbeContext probes{*fs, **trees, nullptr, ""};
  OvalEngine engine(*content->oval(content->oval_href()), probes, {});
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const std::string id = fmt::format("oval:x:var:{}", i + 1);
    ASSERT_TRUE(oscap.variables.contains(id)) << id;
    const std::vector<std::string>& expected = oscap.variables.at(id);
    const VariableValues& ours = engine.variable(id);
    ASSERT_EQ(ours.flag, Flag::kComplete) << id << ": " << ours.message;
    if (variables[i].components.size() == 1) {
      // Current time minus a value: the two runs are seconds apart.
      ASSERT_EQ(expected.size(), 1u);
      ASSERT_EQ(ours.values.size(), 1u);
      EXPECT_LE(std::abs(std::stoll(ours.values[0]) - std::stoll(expected[0])), 10) << id;
    } else {
      EXPECT_EQ(ours.values, expected) << id;
    }
  }
  // What oscap computed, so that a change of oscap is seen here.
  EXPECT_EQ(oscap.variables.at("oval:x:var:2"), std::vector<std::string>{"131328000"});
  EXPECT_EQ(oscap.variables.at("oval:x:var:9"), (std::vector<std::string>{"4900", "6900"}));
}

// The rule-results of an XCCDF results document in order: "idref result" and, for a result of
// a multi-check, " definition".
std::vector<std::string> rule_result_rows(const std::string& path) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file(path.c_str())) << path;
  std::vector<std::string> rows;
  for (const pugi::xpath_node& found : doc.select_nodes("//*[local-name()='rule-result']")) {
    const pugi::xml_node rule_result = found.node();
    std::string row = std::string(rule_result.attribute("idref").value()) + " " +
                      child(rule_result, "result").text().get();
    const pugi::xml_node check = child(rule_result, "check");
    if (std::string_view(check.attribute("multi-check").value()) == "true") {
      const char* name = child(check, "check-content-ref").attribute("name").value();
      if (*name != '\0') row += std::string(" ") + name;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// XCCDF 1.2 multi-check="true" on a check-content-ref without a name: oscap reports one
// rule-result per definition of the OVAL file, in descending byte order of the definition
// ids, each with the check's negate and its definition's class; the first one is the rule's
// result for the score; a file without definitions gives one unknown result.
TEST_F(OvalMatchesOscapTest, MultiCheckGivesOneResultPerDefinitionInOscapsOrder) {
  root_.write("etc/f.conf", "umask 022\nname=alpha\n");
  const std::string tests = R"(<tests>
<ind:textfilecontent54_test id="oval:x:tst:1" version="1" check="all" comment="name is set">
<ind:object object_ref="oval:x:obj:1"/></ind:textfilecontent54_test>
<ind:textfilecontent54_test id="oval:x:tst:2" version="1" check="all" comment="umask is 027">
<ind:object object_ref="oval:x:obj:2"/></ind:textfilecontent54_test></tests>
<objects><ind:textfilecontent54_object id="oval:x:obj:1" version="1">
<ind:filepath>/etc/f.conf</ind:filepath><ind:pattern operation="pattern match">^name=</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:2" version="1"><ind:filepath>/etc/f.conf</ind:filepath>
<ind:pattern operation="pattern match">^umask 027$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object></objects>)";
  auto definition_of = [](const std::string& id, const std::string& cls, int test) {
    return fmt::format(
        R"(<definition id="{}" version="1" class="{}"><metadata><title>t</title>
<description>d</description></metadata><criteria><criterion test_ref="oval:x:tst:{}"/>
</criteria></definition>
)",
        id, cls, test);
  };
  // Ids whose byte order differs from document and numeric order ('X' < '-' < '.' < ':').
  write_oval("<definitions>" + definition_of("oval:x.y:def:3", "compliance", 2) +
             definition_of("oval:X:def:4", "compliance", 1) +
             definition_of("oval:x:def:30", "compliance", 2) +
             definition_of("oval:x-z:def:1", "vulnerability", 1) +
             definition_of("oval:x:def:4", "compliance", 1) + "</definitions>" + tests);
  dir_.write("empty.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
<generator><oval:schema_version>5.11</oval:schema_version>
<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator></oval_definitions>
)");
  auto rule = [](const std::string& id, const std::string& attributes, const std::string& href,
                 const std::string& name, const std::string& extra = "") {
    return fmt::format(
        R"(<Rule id="xccdf_org.example_rule_{}" selected="{}"><title>{}</title>{}
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5" {}>
<check-content-ref href="{}"{}/></check></Rule>
)",
        id, id == "unselected" ? "false" : "true", id, extra, attributes, href,
        name.empty() ? "" : " name=\"" + name + "\"");
  };
  const std::string benchmark =
      dir_.write("bench.xml",
                 R"(<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_benchmark_t"
 resolved="1" xml:lang="en"><status>draft</status><title>T</title><version>1</version>
<Profile id="xccdf_org.example_profile_p"><title>P</title></Profile>
)" + rule("multi", R"(multi-check="true")", "oval.xml", "") +
                     rule("negated", R"(multi-check="true" negate="true")", "oval.xml", "") +
                     rule("na", R"(multi-check="true")", "oval.xml", "",
                          R"(<platform idref="cpe:/o:example:nothing"/>)") +
                     rule("unselected", R"(multi-check="true")", "oval.xml", "") +
                     rule("empty", R"(multi-check="true")", "empty.xml", "") +
                     rule("all", R"(multi-check="false")", "oval.xml", "") +
                     rule("named", R"(multi-check="true")", "oval.xml", "oval:x:def:4") +
                     "</Benchmark>\n")
          .string();

  const std::string oscap_results = (dir_.path() / "oscap-results.xml").string();
  patchplan::testing::ProcessOptions options;
  options.environment["OSCAP_PROBE_ROOT"] = root_.path().string();
  const auto oscap = patchplan::testing::run_process(
      {"oscap", "xccdf", "eval", "--profile", "xccdf_org.example_profile_p", "--results",
       oscap_results, benchmark},
      options);
  ASSERT_EQ(oscap.exit_code, 2) << oscap.out << oscap.err;

  auto content = Content::load(benchmark);
  ASSERT_TRUE(content) << content.error().message;
  auto profile = find_profile(*content->benchmark(), "p");
  ASSERT_TRUE(profile);
  auto evaluation = evaluate(*content, *profile, {root_.path().string()});
  ASSERT_TRUE(evaluation) << evaluation.error().message;
  const std::string ours = (dir_.path() / "our-results.xml").string();
  ASSERT_TRUE(write_xccdf_results(*content, *evaluation, {benchmark, "t0", "t1", "host"}, ours));

  const std::vector<std::string> expected = rule_result_rows(oscap_results);
  EXPECT_EQ(rule_result_rows(ours), expected);
  const std::vector<std::string> oscaps_multi = {"xccdf_org.example_rule_multi pass oval:x:def:4",
                                                 "xccdf_org.example_rule_multi fail oval:x:def:30",
                                                 "xccdf_org.example_rule_multi fail oval:x.y:def:3",
                                                 "xccdf_org.example_rule_multi fail oval:x-z:def:1",
                                                 "xccdf_org.example_rule_multi pass oval:X:def:4"};
  ASSERT_GE(expected.size(), 5u);
  EXPECT_EQ(std::vector<std::string>(expected.begin(), expected.begin() + 5), oscaps_multi);

  pugi::xml_document oscap_doc;
  ASSERT_TRUE(oscap_doc.load_file(oscap_results.c_str()));
  const double oscap_score =
      oscap_doc.select_node("//*[local-name()='score']").node().text().as_double();
  EXPECT_NEAR(evaluation->score, oscap_score, 1e-4);
  EXPECT_EQ(evaluation->exit_status(), oscap.exit_code);
  for (const RuleResult& result : evaluation->results) {
    if (result.rule->id == "xccdf_org.example_rule_empty") {
      EXPECT_EQ(result.message, "No definitions found for @multi-check.");
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name =
      info.param.content.substr(4, info.param.content.find("-ds") - 4) + "_" + info.param.profile;
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Profiles, HardenMatchesOscapTest,
                         ::testing::Values(Case{"ssg-debian12-ds.xml", "standard"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_minimal"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_average"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_restrictive"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_high"},
                                           Case{"ssg-debian11-ds.xml", "standard"},
                                           Case{"ssg-ubuntu2204-ds.xml", "standard"}),
                         case_name);

INSTANTIATE_TEST_SUITE_P(WholeFileSystemProfiles, HardenMatchesOscapLongTest,
                         ::testing::Values(Case{"ssg-debian12-ds.xml", "anssi_bp28_minimal"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_intermediary"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_enhanced"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_high"}),
                         case_name);

}  // namespace
}  // namespace patchplan::harden
