// Oracle test of the systemd probes over a real bus: a systemd booted in its own namespaces
// (testing::SystemdSandbox) with a few units, one OVAL document of systemdunitproperty and
// systemdunitdependency definitions, evaluated by oscap and by patchplan against that bus;
// every definition must give oscap's result.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>

#include "common/tests/run_process.hpp"
#include "common/tests/systemd_sandbox.hpp"
#include "common/tests/test_files.hpp"
#include "harden/tests/oval_fixture.hpp"

namespace patchplan::harden {
namespace {

using patchplan::testing::SystemdSandbox;

// alpha runs; beta fails (so one unit is failed); gamma.target, wanted by multi-user.target,
// requires alpha and wants delta.target, which wants beta: dependencies two targets deep.
SystemdSandbox::Options sandbox_units() {
  SystemdSandbox::Options options;
  options.units["alpha.service"] =
      "[Unit]\nDescription=alpha\n[Service]\nExecStart=/bin/sleep infinity\n"
      "[Install]\nWantedBy=multi-user.target\n";
  options.units["beta.service"] = "[Unit]\nDescription=beta\n[Service]\nExecStart=/bin/false\n";
  options.units["gamma.target"] =
      "[Unit]\nDescription=gamma\nRequires=alpha.service\n"
      "Wants=delta.target\n";
  options.units["delta.target"] = "[Unit]\nDescription=delta\nWants=beta.service\n";
  options.wanted = {"alpha.service", "gamma.target"};
  return options;
}

struct Case {
  const char* object;  // linux:systemdunit..._object children
  const char* state;   // linux:systemdunit..._state children, "" for none
  const char* test_attributes;
  bool dependency;  // systemdunitdependency rather than systemdunitproperty
};

// Each definition is one test of one object, with or without a state.
const Case kCases[] = {
    {"<linux:unit>alpha.service</linux:unit><linux:property>ActiveState</linux:property>",
     "<linux:value>active</linux:value>", "check=\"all\"", false},
    {"<linux:unit operation=\"pattern match\">^(alpha|beta)\\.service$</linux:unit>"
     "<linux:property>ActiveState</linux:property>",
     "<linux:value>active</linux:value>", "check=\"all\"", false},
    {"<linux:unit operation=\"pattern match\">^(alpha|beta)\\.service$</linux:unit>"
     "<linux:property>ActiveState</linux:property>",
     "<linux:value>active</linux:value>", "check=\"at least one\"", false},
    {"<linux:unit>alpha.service</linux:unit><linux:property>Names</linux:property>",
     "<linux:value>alpha.service</linux:value>", "check=\"all\"", false},
    {"<linux:unit>epsilon.service</linux:unit><linux:property>ActiveState</linux:property>", "",
     "check=\"all\" check_existence=\"at_least_one_exists\"", false},
    {"<linux:unit>alpha.service</linux:unit><linux:property>UnitFileState</linux:property>",
     "<linux:value>enabled</linux:value>", "check=\"all\"", false},
    {"<linux:unit>gamma.target</linux:unit><linux:property>Requires</linux:property>",
     "<linux:value entity_check=\"at least one\">alpha.service</linux:value>", "check=\"all\"",
     false},
    {"<linux:unit>alpha.service</linux:unit><linux:property>CanStart</linux:property>",
     "<linux:value>true</linux:value>", "check=\"all\"", false},
    {"<linux:unit>alpha.service</linux:unit>"
     "<linux:property operation=\"pattern match\">Timestamp$</linux:property>",
     "<linux:value operation=\"pattern match\">^[0-9]+$</linux:value>", "check=\"all\"", false},
    {"<linux:unit operation=\"pattern match\">\\.service$</linux:unit>"
     "<linux:property>LoadState</linux:property>",
     "<linux:value>loaded</linux:value>", "check=\"all\"", false},
    {"<linux:unit>multi-user.target</linux:unit>",
     "<linux:dependency entity_check=\"at least one\">beta.service</linux:dependency>",
     "check=\"all\"", true},
    {"<linux:unit>multi-user.target</linux:unit>",
     "<linux:dependency entity_check=\"at least one\">sysinit.target</linux:dependency>",
     "check=\"all\"", true},
    {"<linux:unit>multi-user.target</linux:unit>",
     "<linux:dependency entity_check=\"none satisfy\">epsilon.service</linux:dependency>",
     "check=\"all\"", true},
    {"<linux:unit>alpha.service</linux:unit>",
     "<linux:dependency entity_check=\"at least one\" operation=\"pattern match\">.</"
     "linux:dependency>",
     "check=\"all\"", true},
    {"<linux:unit operation=\"pattern match\">^nothing-here</linux:unit>", "",
     "check=\"all\" check_existence=\"none_exist\"", true},
};

std::string document() {
  std::string definitions, tests, objects, states;
  int n = 0;
  for (const Case& c : kCases) {
    ++n;
    const std::string kind = c.dependency ? "systemdunitdependency" : "systemdunitproperty";
    definitions += fmt::format(
        "<definition id=\"oval:t:def:{0}\" version=\"1\" class=\"compliance\"><metadata>"
        "<title>{0}</title><description>{0}</description></metadata><criteria>"
        "<criterion test_ref=\"oval:t:tst:{0}\"/></criteria></definition>\n",
        n);
    const std::string state_ref =
        *c.state ? fmt::format("<linux:state state_ref=\"oval:t:ste:{}\"/>", n) : "";
    tests += fmt::format(
        "<linux:{1}_test id=\"oval:t:tst:{0}\" version=\"1\" comment=\"{0}\" {2}>"
        "<linux:object object_ref=\"oval:t:obj:{0}\"/>{3}</linux:{1}_test>\n",
        n, kind, c.test_attributes, state_ref);
    objects += fmt::format(
        "<linux:{1}_object id=\"oval:t:obj:{0}\" version=\"1\">{2}</linux:{1}_object>\n", n, kind,
        c.object);
    if (*c.state) {
      states += fmt::format(
          "<linux:{1}_state id=\"oval:t:ste:{0}\" version=\"1\">{2}</linux:{1}_state>\n", n, kind,
          c.state);
    }
  }
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:linux="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">
<generator><oval:schema_version>5.11</oval:schema_version>
<oval:timestamp>2026-12-04T00:00:00</oval:timestamp></generator>
<definitions>)" +
         definitions + "</definitions><tests>" + tests + "</tests><objects>" + objects +
         "</objects><states>" + states + "</states></oval_definitions>\n";
}

std::map<std::string, std::string> oscap_results(const std::filesystem::path& file) {
  std::map<std::string, std::string> out;
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file(file.c_str())) << file;
  for (pugi::xpath_node node : doc.select_nodes("//*[local-name()='definition'][@result]")) {
    out[node.node().attribute("definition_id").value()] = node.node().attribute("result").value();
  }
  return out;
}

TEST(HardenSystemdTest, UnitPropertiesAndDependenciesGiveOscapsResults) {
  std::string error;
  auto sandbox = SystemdSandbox::boot(sandbox_units(), error);
  ASSERT_NE(sandbox, nullptr) << error;
  patchplan::testing::TempDir dir;
  const auto oval = dir.write("systemd.xml", document());
  const auto results = dir.path() / "results.xml";
  patchplan::testing::ProcessOptions with_bus;
  with_bus.environment["DBUS_SYSTEM_BUS_ADDRESS"] = sandbox->bus_address();
  auto oscap = patchplan::testing::run_process(
      {"oscap", "oval", "eval", "--results", results.string(), oval.string()}, with_bus);
  ASSERT_TRUE(oscap.exit_code == 0 || oscap.exit_code == 2) << oscap.err;
  const auto expected = oscap_results(results);
  ASSERT_EQ(expected.size(), std::size(kCases)) << oscap.out << oscap.err;

  ::setenv("DBUS_SYSTEM_BUS_ADDRESS", sandbox->bus_address().c_str(), 1);
  testing::OvalRun run(oval.string(), "/");
  std::size_t true_results = 0;
  for (const auto& [id, result] : expected) {
    EXPECT_EQ(result_name(run.definition(id)), result) << id;
    true_results += result == "true";
  }
  ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
  // The units answer for real: most definitions hold, none is an error.
  EXPECT_GE(true_results, 8u);
  for (const auto& [id, result] : expected) EXPECT_NE(result, "error") << id;
}

TEST(HardenSystemdTest, TheSandboxCountsItsFailedUnit) {
  std::string error;
  auto sandbox = SystemdSandbox::boot(sandbox_units(), error);
  ASSERT_NE(sandbox, nullptr) << error;
  auto failed = sandbox->run({"systemctl", "--failed", "--no-legend", "--plain"});
  EXPECT_NE(failed.out.find("beta.service"), std::string::npos) << failed.out << failed.err;
  auto alpha = sandbox->run({"systemctl", "is-active", "alpha.service"});
  EXPECT_EQ(alpha.out, "active\n");
}

}  // namespace
}  // namespace patchplan::harden
