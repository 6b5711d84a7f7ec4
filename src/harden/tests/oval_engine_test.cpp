// OVAL constructs on small hand-made documents: criteria operators and negation, variables
// and their functions, filters, sets, missing state entities, recursion through the shared
// walk.
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "harden/probes/file_paths.hpp"
#include "harden/tests/oval_fixture.hpp"

namespace patchplan::harden {
namespace {

using harden::testing::oval_document;
using harden::testing::OvalRun;

// A textfilecontent54 test `t:N` and its object `o:N` on /f.txt with `pattern`.
std::string text_test(int n, const std::string& existence) {
  return fmt::format(
      "<ind:textfilecontent54_test id=\"t:{0}\" version=\"1\" check=\"all\" "
      "check_existence=\"{1}\"><ind:object object_ref=\"o:{0}\"/></ind:textfilecontent54_test>",
      n, existence);
}
std::string text_object(int n, const std::string& pattern) {
  return fmt::format(
      "<ind:textfilecontent54_object id=\"o:{0}\" version=\"1\"><ind:filepath>/f.txt"
      "</ind:filepath><ind:pattern operation=\"pattern match\">{1}</ind:pattern>"
      "<ind:instance datatype=\"int\" operation=\"greater than or equal\">1</ind:instance>"
      "</ind:textfilecontent54_object>",
      n, pattern);
}

class OvalEngineTest : public ::testing::Test {
 protected:
  OvalEngineTest() { root_.write("f.txt", "umask 027\nname=alpha\nname=beta\n"); }

  OvalRun run(const std::string& definitions, const std::string& tests, const std::string& objects,
              const std::string& states = "", const std::string& variables = "",
              ExternalValues externals = {}) {
    const std::string body = "<definitions>" + definitions + "</definitions><tests>" + tests +
                             "</tests><objects>" + objects + "</objects>" +
                             (states.empty() ? "" : "<states>" + states + "</states>") +
                             (variables.empty() ? "" : "<variables>" + variables + "</variables>");
    const auto file = documents_.write("oval.xml", oval_document(body));
    return OvalRun(file.string(), root_.path().string(), std::move(externals));
  }

  patchplan::testing::TempDir root_;
  patchplan::testing::TempDir documents_;
};

std::string definition(const std::string& id, const std::string& criteria) {
  return "<definition id=\"" + id + "\" version=\"1\" class=\"compliance\">" + criteria +
         "</definition>";
}

TEST_F(OvalEngineTest, CriteriaOperatorsAndNegation) {
  // t:1 true, t:2 false.
  const std::string tests =
      text_test(1, "at_least_one_exists") + text_test(2, "at_least_one_exists");
  const std::string objects = text_object(1, "^umask") + text_object(2, "^nothing");
  std::string defs;
  defs += definition(
      "d:and", R"(<criteria><criterion test_ref="t:1"/><criterion test_ref="t:2"/></criteria>)");
  defs +=
      definition("d:or",
                 R"(<criteria operator="OR"><criterion test_ref="t:1"/><criterion test_ref="t:2"/>
        </criteria>)");
  defs +=
      definition("d:xor",
                 R"(<criteria operator="XOR"><criterion test_ref="t:1"/><criterion test_ref="t:1"/>
        </criteria>)");
  defs +=
      definition("d:one",
                 R"(<criteria operator="ONE"><criterion test_ref="t:1"/><criterion test_ref="t:2"/>
        </criteria>)");
  defs += definition(
      "d:neg", R"(<criteria negate="true"><criterion test_ref="t:2" negate="true"/></criteria>)");
  defs += definition(
      "d:ext", R"(<criteria><extend_definition definition_ref="d:and" negate="true"/></criteria>)");
  defs += definition("d:missing", R"(<criteria><criterion test_ref="t:404"/></criteria>)");
  defs +=
      definition("d:noterr", R"(<criteria><criterion test_ref="t:404" negate="true"/></criteria>)");
  defs += definition(
      "d:anderr",
      R"(<criteria><criterion test_ref="t:2"/><criterion test_ref="t:404"/></criteria>)");
  OvalRun oval = run(defs, tests, objects);
  EXPECT_EQ(oval.definition("d:and"), OvalResult::kFalse);
  EXPECT_EQ(oval.definition("d:or"), OvalResult::kTrue);
  EXPECT_EQ(oval.definition("d:xor"), OvalResult::kFalse);
  EXPECT_EQ(oval.definition("d:one"), OvalResult::kTrue);
  EXPECT_EQ(oval.definition("d:neg"), OvalResult::kFalse);
  EXPECT_EQ(oval.definition("d:ext"), OvalResult::kTrue);
  EXPECT_EQ(oval.definition("d:missing"), OvalResult::kError);
  EXPECT_EQ(oval.definition("d:noterr"), OvalResult::kError);  // negated error stays error
  EXPECT_EQ(oval.definition("d:anderr"), OvalResult::kFalse);  // AND(false, error) = false
  EXPECT_EQ(oval.definition("d:undefined"), OvalResult::kError);
}

TEST_F(OvalEngineTest, UmaskDigitsThroughSubstringAndArithmetic) {
  // The exported Value "077" becomes 63 as in SSG's var_accounts_user_umask_as_number.
  const std::string variables = R"(
<external_variable id="v:umask" version="1" datatype="string" comment="x"/>
<local_variable id="v:number" version="1" datatype="int" comment="x">
  <arithmetic arithmetic_operation="add">
    <arithmetic arithmetic_operation="multiply">
      <literal_component datatype="int">64</literal_component>
      <substring substring_start="1" substring_length="1"><variable_component var_ref="v:umask"/>
        </substring></arithmetic>
    <arithmetic arithmetic_operation="multiply">
      <literal_component datatype="int">8</literal_component>
      <substring substring_start="2" substring_length="1"><variable_component var_ref="v:umask"/>
        </substring></arithmetic>
    <substring substring_start="3" substring_length="1"><variable_component var_ref="v:umask"/>
      </substring>
  </arithmetic>
</local_variable>
<local_variable id="v:pattern" version="1" datatype="string" comment="x">
  <concat><literal_component>^</literal_component><variable_component var_ref="v:umask"/>
    <literal_component>$</literal_component></concat>
</local_variable>
<local_variable id="v:count" version="1" datatype="int" comment="x">
  <count><unique><object_component object_ref="o:names" item_field="subexpression"/></unique>
    </count>
</local_variable>)";
  const std::string objects = R"(
<ind:variable_object id="o:number" version="1"><ind:var_ref>v:number</ind:var_ref>
  </ind:variable_object>
<ind:variable_object id="o:count" version="1"><ind:var_ref>v:count</ind:var_ref>
  </ind:variable_object>
<ind:textfilecontent54_object id="o:names" version="1"><ind:filepath>/f.txt</ind:filepath>
  <ind:pattern operation="pattern match">^name=(\w+)$</ind:pattern>
  <ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
    </ind:textfilecontent54_object>)";
  const std::string tests = R"(
<ind:variable_test id="t:number" version="1" check="all"><ind:object object_ref="o:number"/>
  <ind:state state_ref="s:63"/></ind:variable_test>
<ind:variable_test id="t:count" version="1" check="all"><ind:object object_ref="o:count"/>
  <ind:state state_ref="s:2"/></ind:variable_test>
<ind:textfilecontent54_test id="t:pattern" version="1" check="all">
  <ind:object object_ref="o:names"/><ind:state state_ref="s:pattern"/>
    </ind:textfilecontent54_test>)";
  const std::string states = R"(
<ind:variable_state id="s:63" version="1"><ind:value datatype="int">63</ind:value>
  </ind:variable_state>
<ind:variable_state id="s:2" version="1"><ind:value datatype="int">2</ind:value>
  </ind:variable_state>
<ind:textfilecontent54_state id="s:pattern" version="1">
  <ind:subexpression operation="pattern match" var_ref="v:pattern"/>
    </ind:textfilecontent54_state>)";
  const std::string defs =
      definition("d:number", R"(<criteria><criterion test_ref="t:number"/></criteria>)") +
      definition("d:count", R"(<criteria><criterion test_ref="t:count"/></criteria>)") +
      definition("d:pattern", R"(<criteria><criterion test_ref="t:pattern"/></criteria>)");
  OvalRun oval = run(defs, tests, objects, states, variables, {{"v:umask", {"077"}}});
  EXPECT_EQ(oval.definition("d:number"), OvalResult::kTrue);
  EXPECT_EQ(oval.engine().variable("v:number").values, std::vector<std::string>{"63"});
  EXPECT_EQ(oval.definition("d:count"), OvalResult::kTrue);
  EXPECT_EQ(oval.definition("d:pattern"), OvalResult::kFalse);  // alpha, beta are not ^077$

  // Without the exported value every object on it "does not exist" and states on it error.
  OvalRun unbound = run(defs, tests, objects, states, variables);
  EXPECT_EQ(unbound.definition("d:number"), OvalResult::kFalse);
  EXPECT_EQ(unbound.definition("d:pattern"), OvalResult::kError);
}

// A local variable `v:ID` = time_difference(format attributes `formats`, `components`).
std::string time_difference(const std::string& id, const std::string& formats,
                            const std::string& components) {
  return fmt::format(
      "<local_variable id=\"v:{}\" version=\"1\" datatype=\"int\" comment=\"x\">"
      "<time_difference {}>{}</time_difference></local_variable>",
      id, formats, components);
}
std::string literal(const std::string& value) {
  return "<literal_component>" + value + "</literal_component>";
}

// OVAL 5.11 TimeDifferenceFunctionType and DateTimeFormatEnumeration, including the cases where
// oscap 1.3.7 is off (tests/harden_matches_oscap_test.cpp compares the others with oscap):
// its year_month_day / month_day_year / day_month_year parse hands tm_year and tm_mon, already
// offset, to a function that offsets them again (20090301 - 20090228 gives 4 days), a negative
// difference wraps as unsigned, and a value it cannot parse counts as 0 instead of an error.
TEST_F(OvalEngineTest, TimeDifferenceFollowsTheOvalDateTimeFormats) {
  std::string variables;
  variables += time_difference("leap", "", literal("20000301") + literal("20000228"));
  variables += time_difference("month", "", literal("20090301") + literal("20090228"));
  variables += time_difference("named", R"(format_1="month_day_year")",
                               literal("April, 02 2009 01:00:00") + literal("20090302"));
  variables += time_difference("negative",
                               R"(format_1="seconds_since_epoch" )"
                               R"(format_2="seconds_since_epoch")",
                               literal("400") + literal("1000000"));
  variables += time_difference("mixed", R"(format_1="seconds_since_epoch")",
                               literal("1238630400") + literal("2009-04-02"));
  variables +=
      time_difference("filetime", R"(format_1="win_filetime" format_2="seconds_since_epoch")",
                      literal("128831040000000000") + literal("1238630400"));
  variables +=
      time_difference("cim", R"(format_1="cim_datetime" format_2="cim_datetime")",
                      literal("20090402102030.000000+060") + literal("2009-04-02 00:00:00:000"));
  variables += time_difference(
      "product", R"(format_1="day_month_year")",
      "<variable_component var_ref=\"v:firsts\"/>" + literal("2009/04/01 00:00:00"));
  variables += R"(<constant_variable id="v:firsts" version="1" datatype="string" comment="x">
<value>01-04-2009</value><value>3/4/2009 12:00:00</value></constant_variable>)";
  variables += time_difference("now", R"(format_2="seconds_since_epoch")", literal("0"));
  variables += time_difference("garbage", "", literal("2009-02-30") + literal("20090101"));
  variables += time_difference("junk", R"(format_1="month_day_year")",
                               literal("Smarch, 02 2009") + literal("20090101"));
  variables +=
      time_difference("three", "", literal("20090101") + literal("20090101") + literal("20090101"));
  OvalRun oval = run("", "", "", "", variables);
  auto values = [&](const std::string& id) { return oval.engine().variable("v:" + id).values; };
  using V = std::vector<std::string>;
  EXPECT_EQ(values("leap"), V{"172800"});
  EXPECT_EQ(values("month"), V{"86400"});
  EXPECT_EQ(values("named"), V{"2682000"});
  EXPECT_EQ(values("negative"), V{"-999600"});
  EXPECT_EQ(values("mixed"), V{"0"});
  EXPECT_EQ(values("filetime"), V{"0"});
  EXPECT_EQ(values("cim"), V{"33630"});  // 10:20:30 at UTC+01:00 is 09:20:30 UTC
  EXPECT_EQ(values("product"), (V{"0", "216000"}));
  const auto now = std::stoll(values("now").at(0));
  EXPECT_LE(std::abs(now - static_cast<long long>(std::time(nullptr))), 5);
  for (const char* id : {"garbage", "junk", "three"}) {
    const VariableValues& bad = oval.engine().variable(std::string("v:") + id);
    EXPECT_EQ(bad.flag, Flag::kError) << id;
    EXPECT_TRUE(bad.values.empty()) << id;
    EXPECT_FALSE(bad.message.empty()) << id;
  }
}

TEST_F(OvalEngineTest, FiltersDecideFileTestsAndMissingStateEntitiesAreUnknown) {
  root_.write("etc/ok", "x");
  root_.write("etc/open", "x");
  std::filesystem::permissions(root_.path() / "etc/ok", std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_write);
  std::filesystem::permissions(root_.path() / "etc/open", std::filesystem::perms::all);
  const std::string objects = R"(
<unix:file_object id="o:files" version="1"><unix:path>/etc</unix:path>
  <unix:filename operation="pattern match">.*</unix:filename>
  <filter action="exclude">s:strict</filter></unix:file_object>
<unix:file_object id="o:only_open" version="1"><unix:path>/etc</unix:path>
  <unix:filename operation="pattern match">.*</unix:filename>
  <filter action="include">s:world_writable</filter></unix:file_object>)";
  const std::string states = R"(
<unix:file_state id="s:strict" version="1"><unix:owrite datatype="boolean">false</unix:owrite>
  <unix:oread datatype="boolean">false</unix:oread></unix:file_state>
<unix:file_state id="s:world_writable" version="1">
  <unix:owrite datatype="boolean">true</unix:owrite></unix:file_state>
<unix:file_state id="s:nonsense" version="1"><unix:no_such_entity>1</unix:no_such_entity>
  </unix:file_state>)";
  const std::string tests = R"(
<unix:file_test id="t:none" version="1" check="all" check_existence="none_exist">
  <unix:object object_ref="o:files"/></unix:file_test>
<unix:file_test id="t:one" version="1" check="all" check_existence="only_one_exists">
  <unix:object object_ref="o:only_open"/></unix:file_test>
<unix:file_test id="t:unknown" version="1" check="all"><unix:object object_ref="o:only_open"/>
  <unix:state state_ref="s:nonsense"/></unix:file_test>)";
  const std::string defs =
      definition("d:none", R"(<criteria><criterion test_ref="t:none"/></criteria>)") +
      definition("d:one", R"(<criteria><criterion test_ref="t:one"/></criteria>)") +
      definition("d:unknown", R"(<criteria><criterion test_ref="t:unknown"/></criteria>)");
  OvalRun oval = run(defs, tests, objects, states);
  EXPECT_EQ(oval.definition("d:none"), OvalResult::kFalse);  // /etc/open survives the filter
  ASSERT_EQ(oval.engine().object("o:files").items.size(), 1u);
  EXPECT_EQ(oval.engine().object("o:files").items[0].find("filename")->value, "open");
  EXPECT_EQ(oval.definition("d:one"), OvalResult::kTrue);
  EXPECT_EQ(oval.definition("d:unknown"), OvalResult::kUnknown);
}

TEST_F(OvalEngineTest, SelfReferencesAndDeepNestingAreErrorsNotCrashes) {
  const std::string objects = R"(
<ind:textfilecontent54_object id="o:loop" version="1"><set>
  <object_reference>o:loop</object_reference></set></ind:textfilecontent54_object>)";
  const std::string tests = R"(
<ind:textfilecontent54_test id="t:loop" version="1" check="all"><ind:object object_ref="o:loop"/>
  </ind:textfilecontent54_test>)";
  std::string deep = R"(<criterion test_ref="t:loop"/>)";
  for (int i = 0; i < 300; ++i) deep = "<criteria>" + deep + "</criteria>";
  const std::string defs =
      definition("d:loop", R"(<criteria><criterion test_ref="t:loop"/></criteria>)") +
      definition("d:self", R"(<criteria><extend_definition definition_ref="d:self"/></criteria>)") +
      definition("d:deep", deep);
  OvalRun oval = run(defs, tests, objects);
  EXPECT_EQ(oval.definition("d:loop"), OvalResult::kError);
  EXPECT_EQ(oval.definition("d:self"), OvalResult::kError);
  EXPECT_EQ(oval.definition("d:deep"), OvalResult::kError);
}

TEST(FilePathsTest, FixedPrefixIsTheLiteralDirectory) {
  EXPECT_EQ(fixed_path_prefix("^/etc/audit/rules\\.d/.*\\.rules$"), "/etc/audit/rules.d");
  EXPECT_EQ(fixed_path_prefix("^/etc/pam.d/common-password$"), "/etc");
  EXPECT_EQ(fixed_path_prefix("^/etc/sudoers(|\\.d/.*)$"), "/etc");
  EXPECT_EQ(fixed_path_prefix("^\\/s?bin|^\\/usr\\/s?bin"), "/");
  EXPECT_EQ(fixed_path_prefix("^/etc/security/pwhistory.conf$"), "/etc/security");
}

// Recursive objects find their start in the shared walk through symlinks (/lib -> usr/lib),
// stay on the start's device with "defined", and honour max_depth without the walk.
TEST_F(OvalEngineTest, RecursionSharesTheWalkAndFollowsTheStartsSymlinks) {
  root_.write("usr/lib/a/b/deep.so", "x");
  root_.write("usr/lib/top.so", "x");
  std::filesystem::create_symlink("usr/lib", root_.path() / "lib");
  const std::string objects = R"(
<unix:file_object id="o:all" version="1">
  <unix:behaviors recurse="directories" recurse_direction="down" max_depth="-1"
    recurse_file_system="local"/>
  <unix:path>/lib</unix:path><unix:filename operation="pattern match">\.so$</unix:filename>
    </unix:file_object>
<unix:file_object id="o:shallow" version="1">
  <unix:behaviors recurse="directories" recurse_direction="down" max_depth="1"
    recurse_file_system="local"/>
  <unix:path>/usr/lib</unix:path><unix:filename operation="pattern match">\.so$</unix:filename>
    </unix:file_object>
<unix:file_object id="o:dirs" version="1">
  <unix:behaviors recurse="directories" recurse_direction="down" max_depth="-1"
    recurse_file_system="defined"/>
  <unix:path>/usr</unix:path><unix:filename xsi:nil="true"/></unix:file_object>)";
  OvalRun oval = run("", "", objects);
  const Collected& all = oval.engine().object("o:all");
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].find("filepath")->value, "/lib/a/b/deep.so");
  EXPECT_EQ(all.items[1].find("filepath")->value, "/lib/top.so");
  EXPECT_EQ(oval.engine().object("o:shallow").items.size(), 1u);  // a/b/deep.so is 2 levels down
  EXPECT_EQ(oval.engine().object("o:dirs").items.size(), 4u);     // usr, lib, a, b
}

}  // namespace
}  // namespace patchplan::harden
