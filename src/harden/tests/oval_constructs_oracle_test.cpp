// Oracle tests of the OVAL constructs (OVAL 5.11 section 5.3) that make values: variable
// functions, variables without values, object sets and filters, object entities from
// variables, each on a small hand-made document run through `oscap oval eval` and the native
// engine; the expected results are oscap's. Checks and comparisons: oval_checks_oracle_test.cpp.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "harden/tests/oval_constructs_fixture.hpp"

namespace patchplan::harden {
namespace {

using harden::testing::OvalBody;
using harden::testing::OvalConstructsMatchOscapTest;

std::string var(int n) {
  return fmt::format(R"(<variable_component var_ref="oval:x:var:{}"/>)", n);
}
std::string lit(const std::string& value) {
  return "<literal_component>" + value + "</literal_component>";
}

TEST_F(OvalConstructsMatchOscapTest, VariableFunctionsGiveOscapsValues) {
  root_.write("etc/kv.conf", "alpha=1\nbeta=22\ngamma=333\n");
  OvalBody body;
  body.variables += constant(900, {"key=value", "novalue", "x=y=z"});
  body.variables += constant(901, {"x::y", "z", "::lead"});
  body.variables += constant(902, {"1", "2"}, "int");
  body.variables += constant(903, {"x", "y"});
  body.variables += constant(904, {"10", "20"}, "int");
  body.variables += constant(905, {"b", "a", "b", "c", "a"});
  body.variables += constant(906, {"etc", "/usr", ""});
  // regex_capture: the first group of the first match; no match gives no value.
  add_local(body, 1, R"(<regex_capture pattern="^([^=]+)=">)" + var(900) + "</regex_capture>");
  add_local(body, 2, R"(<regex_capture pattern="=">)" + var(900) + "</regex_capture>");
  add_local(body, 3, R"(<regex_capture pattern="^(\w)(\w*)=">)" + var(900) + "</regex_capture>");
  add_local(body, 4, R"(<regex_capture pattern="^nothing(.*)$">)" + var(900) + "</regex_capture>");
  // split
  add_local(body, 5, R"(<split delimiter=",">)" + lit("a,b,,c") + "</split>");
  add_local(body, 6, R"(<split delimiter="::">)" + var(901) + "</split>");
  add_local(body, 7, R"(<split delimiter=",">)" + lit("a,b,") + "</split>");
  // glob_to_regex and escape_regex
  add_local(body, 8, "<glob_to_regex>" + lit("/etc/*.conf") + "</glob_to_regex>");
  add_local(body, 9, "<glob_to_regex>" + lit("/etc/?a[bc]*/x.d") + "</glob_to_regex>");
  add_local(body, 10,
            R"(<glob_to_regex glob_noescape="true">)" + lit(R"(a\*b)") + "</glob_to_regex>");
  add_local(body, 11, "<glob_to_regex>" + lit(R"(a\*b+c)") + "</glob_to_regex>");
  add_local(body, 40, "<glob_to_regex>" + lit("[!a]x?*") + "</glob_to_regex>");
  add_local(body, 41, "<glob_to_regex>" + lit("/etc/[ab]*.d/.?x") + "</glob_to_regex>");
  add_local(body, 42, "<glob_to_regex>" + lit(R"(a\.b\[c\)") + "</glob_to_regex>");
  add_local(body, 43,
            R"(<glob_to_regex glob_noescape="true">)" + lit(R"([a\]b]*)") + "</glob_to_regex>");
  add_local(body, 45, "<glob_to_regex>" + lit("(x|y)+{1}$^") + "</glob_to_regex>");
  add_local(body, 46, R"(<split delimiter="">)" + lit("abc") + "</split>");
  add_local(
      body, 47,
      R"(<substring substring_start="2" substring_length="0">)" + lit("abc") + "</substring>");
  add_local(body, 48, R"x(<regex_capture pattern="^(a)|(b)$">)x" + lit("b") + "</regex_capture>");
  add_local(body, 49,
            R"x(<regex_capture pattern="^(\d+)\.(\d+)">)x" + lit("10.20.30") + "</regex_capture>");
  add_local(body, 12, "<escape_regex>" + lit(R"(.^$*+?()[]{}|\/-x a)") + "</escape_regex>");
  // concat: every combination, in order
  add_local(body, 13, "<concat>" + lit("a") + var(902) + var(903) + "</concat>");
  add_local(body, 14, "<concat>" + var(903) + lit("") + "</concat>");
  // substring
  add_local(
      body, 15,
      R"(<substring substring_start="2" substring_length="3">)" + lit("abcdef") + "</substring>");
  add_local(
      body, 16,
      R"(<substring substring_start="0" substring_length="2">)" + lit("abcdef") + "</substring>");
  add_local(
      body, 17,
      R"(<substring substring_start="5" substring_length="-1">)" + lit("abcdef") + "</substring>");
  // arithmetic
  add_local(body, 20,
            R"(<arithmetic arithmetic_operation="add">)" + var(902) + var(904) + "</arithmetic>",
            "int");
  add_local(body, 21,
            R"(<arithmetic arithmetic_operation="multiply">
<literal_component datatype="int">3</literal_component>)" +
                var(904) + "</arithmetic>",
            "int");
  // count and unique
  add_local(body, 23, "<count>" + var(900) + "</count>", "int");
  add_local(body, 24, "<count>" + var(900) + var(905) + "</count>", "int");
  add_local(body, 25, R"(<count><object_component object_ref="oval:x:obj:502" item_field="text"/>
</count>)",
            "int");
  add_local(body, 26, "<unique>" + var(905) + "</unique>");
  add_local(body, 27, "<unique>" + var(905) + var(903) + var(905) + "</unique>");
  // literal, variable and object components; constant variables
  add_local(body, 28, lit("plain value"));
  add_local(body, 29, R"(<literal_component datatype="int">7</literal_component>)", "int");
  add_local(body, 30, var(905));
  add_local(body, 31,
            R"(<object_component object_ref="oval:x:obj:501" item_field="subexpression"/>)");
  add_local(body, 32, R"(<object_component object_ref="oval:x:obj:501" item_field="text"/>)");
  add_local(body, 33, R"(<object_component object_ref="oval:x:obj:502" item_field="text"/>)");
  add_variable_test(body, 905);
  add_variable_test(body, 904);
  // nested functions
  add_local(body, 34,
            R"(<concat><substring substring_start="1" substring_length="3">)" + var(900) +
                "</substring>" + lit("-") + R"(<regex_capture pattern="=(\d+)$">)" +
                R"(<object_component object_ref="oval:x:obj:501" item_field="text"/>)" +
                "</regex_capture></concat>");
  add_local(body, 35, R"(<begin character="/">)" + var(906) + "</begin>");
  add_local(body, 36, R"(<end character="/">)" + var(906) + "</end>");
  add_local(body, 37,
            "<concat>" + lit("a") + R"(<regex_capture pattern="^nothing(.*)$">)" + var(900) +
                "</regex_capture></concat>");
  add_local(body, 38,
            std::string("<count>") + R"(<regex_capture pattern="^nothing(.*)$">)" + var(900) +
                "</regex_capture></count>",
            "int");
  body.objects += R"(<ind:textfilecontent54_object id="oval:x:obj:501" version="1">
<ind:filepath>/etc/kv.conf</ind:filepath>
<ind:pattern operation="pattern match">^(\w+)=(\d+)$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:502" version="1">
<ind:filepath>/etc/missing.conf</ind:filepath>
<ind:pattern operation="pattern match">^.*$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
)";
  const auto oscap = expect_oscaps_results(body.text());
  // A few of oscap's values, so that a change of oscap is seen here.
  EXPECT_EQ(oscap.variables.at("oval:x:var:1"), (std::vector<std::string>{"key", "", "x"}));
  EXPECT_EQ(oscap.variables.at("oval:x:var:13"),
            (std::vector<std::string>{"a1x", "a2x", "a1y", "a2y"}));
  EXPECT_EQ(oscap.variables.at("oval:x:var:20"),
            (std::vector<std::string>{"11", "12", "21", "22"}));
}

// Where oscap 1.3.7 departs from OVAL 5.11, the engine follows the specification:
// - substring: "If the substring_start attribute has value greater than the length of the
//   original string an error should be reported": oscap flags the variable error but still
//   collects a variable_item without value, so its test is true; here the test is error.
// - arithmetic on a value that is not a number ('x'): oscap takes strtod's 0 and, for string
//   typed values (literal components without datatype, string constants), writes empty values
//   (its result string is never filled); here it is an error, and numbers of any type add.
//   On a component without values oscap keeps the last component's flag (complete) and its
//   test is true without any value; here there are no values and the test is false.
// - glob_to_regex of an unterminated class, regex_capture with a pattern that does not
//   compile, an object_component whose items lack the item_field: oscap reports the error
//   ("Can't convert glob", "pcre_compile() failed", "Entity 'nosuch' has not been found") yet
//   collects a variable_item without value, so its test is true; here error.
TEST_F(OvalConstructsMatchOscapTest, SubstringAndArithmeticErrorsFollowTheSpecification) {
  OvalBody body;
  add_local(
      body, 1,
      R"(<substring substring_start="10" substring_length="2">)" + lit("abc") + "</substring>");
  add_local(body, 2,
            R"(<substring substring_start="2" substring_length="1">)" + lit("x") + "</substring>");
  add_local(body, 3,
            R"(<arithmetic arithmetic_operation="add">)" + lit("x") + lit("1") + "</arithmetic>",
            "int");
  add_local(body, 4,
            R"(<arithmetic arithmetic_operation="add">)" + lit("2") + lit("1") + "</arithmetic>",
            "int");
  add_local(body, 5, "<glob_to_regex>" + lit("a[bc") + "</glob_to_regex>");
  add_local(body, 8, R"x(<regex_capture pattern="(unclosed">)x" + lit("x") + "</regex_capture>");
  add_local(body, 6, R"(<object_component object_ref="oval:x:obj:100" item_field="nosuch"/>)");
  add_local(body, 7,
            R"(<arithmetic arithmetic_operation="add"><object_component object_ref="oval:x:obj:101"
 item_field="subexpression"/><literal_component datatype="int">1</literal_component></arithmetic>)",
            "int");
  root_.write("etc/a.conf", "x=1\n");
  body.objects += R"(<ind:textfilecontent54_object id="oval:x:obj:100" version="1">
<ind:filepath>/etc/a.conf</ind:filepath><ind:pattern operation="pattern match">^(.*)$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:101" version="1">
<ind:filepath>/etc/missing.conf</ind:filepath>
<ind:pattern operation="pattern match">^(.*)$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
)";
  harden::testing::OvalRun run(write_oval(body.text()), root_.path().string());
  EXPECT_EQ(run.definition("oval:x:def:5"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:8"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:6"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:7"), OvalResult::kFalse);  // no values
  EXPECT_EQ(run.definition("oval:x:def:1"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:2"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:3"), OvalResult::kError);
  EXPECT_EQ(run.definition("oval:x:def:4"), OvalResult::kTrue);
  EXPECT_EQ(run.engine().variable("oval:x:var:4").values, std::vector<std::string>{"3"});
}

// A file_object on the files whose path matches `pattern`.
std::string file_object(int n, const std::string& pattern, const std::string& filters = "") {
  return fmt::format(R"(<unix:file_object id="oval:x:obj:{}" version="1">
<unix:filepath operation="pattern match">{}</unix:filepath>{}</unix:file_object>
)",
                     n, pattern, filters);
}

std::string set_object(int n, const std::string& set) {
  return fmt::format(R"(<unix:file_object id="oval:x:obj:{}" version="1">{}</unix:file_object>
)",
                     n, set);
}

std::string set_of(const std::string& op, const std::vector<int>& refs,
                   const std::string& inner = "") {
  std::string text = fmt::format(R"(<set{}>)", op.empty() ? "" : " set_operator=\"" + op + "\"");
  text += inner;
  for (int ref : refs)
    text += fmt::format("<object_reference>oval:x:obj:{}</object_reference>", ref);
  return text + "</set>";
}

// Sets (UNION, INTERSECTION, COMPLEMENT, nested, with filters) and object filters: the items
// each object collects and the existence of each.
TEST_F(OvalConstructsMatchOscapTest, SetsAndFiltersCollectOscapsItems) {
  for (const char* name : {"a.conf", "b.conf", "c.conf", "d.txt"}) {
    root_.write(std::string("etc/s/") + name, name);
  }
  OvalBody body;
  body.objects += file_object(1, R"(^/etc/s/.*\.conf$)");   // a b c
  body.objects += file_object(2, R"(^/etc/s/[abd]\..*$)");  // a b d
  body.objects += file_object(3, R"(^/etc/s/nothing$)");    // none
  body.objects += set_object(10, set_of("UNION", {1, 2}));
  body.objects += set_object(11, set_of("INTERSECTION", {1, 2}));
  body.objects += set_object(12, set_of("COMPLEMENT", {1, 2}));
  body.objects += set_object(13, set_of("COMPLEMENT", {2, 1}));
  body.objects += set_object(14, set_of("UNION", {1, 3}));
  body.objects += set_object(15, set_of("INTERSECTION", {1, 3}));
  body.objects += set_object(16, set_of("COMPLEMENT", {1, 3}));
  body.objects += set_object(17, set_of("COMPLEMENT", {3, 1}));
  body.objects += set_object(18, set_of("", {1, 2}));
  body.objects += set_object(19, set_of("UNION", {1}));
  body.objects += set_object(20, set_of("UNION", {3}));
  body.objects += set_object(21, "<set set_operator=\"UNION\">" + set_of("INTERSECTION", {1, 2}) +
                                     set_of("COMPLEMENT", {2, 1}) + "</set>");
  body.objects +=
      set_object(22, R"(<set set_operator="UNION"><object_reference>oval:x:obj:1</object_reference>
<object_reference>oval:x:obj:2</object_reference>
<filter action="exclude">oval:x:ste:1</filter></set>)");
  body.objects +=
      set_object(23, R"(<set set_operator="UNION"><object_reference>oval:x:obj:1</object_reference>
<object_reference>oval:x:obj:2</object_reference>
<filter action="include">oval:x:ste:1</filter></set>)");
  body.objects +=
      file_object(24, R"(^/etc/s/.*$)", R"(<filter action="exclude">oval:x:ste:1</filter>)");
  body.objects +=
      file_object(25, R"(^/etc/s/.*$)", R"(<filter action="include">oval:x:ste:1</filter>)");
  body.objects += file_object(26, R"(^/etc/s/.*$)",
                              R"(<filter action="exclude">oval:x:ste:1</filter>
<filter action="exclude">oval:x:ste:2</filter>)");
  body.objects += file_object(27, R"(^/etc/s/.*$)",
                              R"(<filter action="include">oval:x:ste:2</filter>
<filter action="exclude">oval:x:ste:1</filter>)");
  body.objects +=
      file_object(28, R"(^/etc/s/.*$)", R"(<filter action="exclude">oval:x:ste:3</filter>)");
  body.objects += set_object(29, "<set set_operator=\"INTERSECTION\">" + set_of("UNION", {1, 2}) +
                                     set_of("", {25}) + "</set>");
  body.states += R"(<unix:file_state id="oval:x:ste:1" version="1">
<unix:filepath operation="pattern match">a\.conf$</unix:filepath></unix:file_state>
<unix:file_state id="oval:x:ste:2" version="1">
<unix:filepath operation="pattern match">\.txt$</unix:filepath></unix:file_state>
<unix:file_state id="oval:x:ste:3" version="1">
<unix:filepath operation="pattern match">.</unix:filepath></unix:file_state>
)";
  for (int n :
       {1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29}) {
    body.definitions += definition(std::to_string(n), std::to_string(n));
    body.tests +=
        fmt::format(R"(<unix:file_test id="oval:x:tst:{0}" version="1" comment="c" check="all"
 check_existence="at_least_one_exists"><unix:object object_ref="oval:x:obj:{0}"/></unix:file_test>
)",
                    n);
  }
  const auto oscap = expect_oscaps_results(body.text());
  EXPECT_EQ(oscap.objects.at("oval:x:obj:10").items, 4u);
  EXPECT_EQ(oscap.objects.at("oval:x:obj:11").items, 2u);
}

// Variables without values (an object_component of an object that does not exist) and with an
// error, used by functions, by object entities and by states.
TEST_F(OvalConstructsMatchOscapTest, VariablesWithoutValuesOrInError) {
  root_.write("etc/a.conf", "x=1\n");
  OvalBody body;
  body.objects += R"(<ind:textfilecontent54_object id="oval:x:obj:900" version="1">
<ind:filepath>/etc/missing.conf</ind:filepath>
<ind:pattern operation="pattern match">^(.*)$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:901" version="1">
<ind:filepath>/etc/a.conf</ind:filepath><ind:pattern operation="pattern match">^(.*)$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
)";
  const std::string none =
      R"(<object_component object_ref="oval:x:obj:900" item_field="subexpression"/>)";
  const std::string error =
      R"(<object_component object_ref="oval:x:obj:901" item_field="nosuch"/>)";
  add_local(body, 1, none);
  add_local(body, 2, "<concat>" + lit("a") + none + "</concat>");
  add_local(body, 3, "<unique>" + none + "</unique>");
  add_local(body, 4, R"(<split delimiter=",">)" + none + "</split>");
  add_local(body, 5,
            R"(<substring substring_start="1" substring_length="1">)" + none + "</substring>");
  add_local(body, 6, R"x(<regex_capture pattern="(.)">)x" + none + "</regex_capture>");
  add_local(body, 7, "<escape_regex>" + none + "</escape_regex>");
  add_local(body, 12, "<count>" + none + lit("x") + "</count>", "int");
  // An item_field the items lack: the variable is an error (oscap writes no results document
  // then, so only the definitions are compared; the variable_object tests on such variables are
  // in SubstringAndArithmeticErrorsFollowTheSpecification).
  body.variables += fmt::format(
      R"(<local_variable id="oval:x:var:9" version="1" comment="c"
datatype="string">{}</local_variable>
)",
      error);
  expect_results_document_ = false;
  // A textfilecontent54 object whose filepath comes from those variables, and states on them.
  for (int v : {1, 9}) {
    body.objects += fmt::format(R"(<ind:textfilecontent54_object id="oval:x:obj:{}" version="1">
<ind:filepath var_ref="oval:x:var:{}"/><ind:pattern operation="pattern match">^.*$</ind:pattern>
<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
)",
                                50 + v, v);
    body.states += fmt::format(R"(<ind:textfilecontent54_state id="oval:x:ste:{}" version="1">
<ind:text var_ref="oval:x:var:{}"/></ind:textfilecontent54_state>
)",
                               50 + v, v);
    for (const char* existence : {"at_least_one_exists", "none_exist", "any_exist"}) {
      const int n = 50 + v + (existence[0] == 'n' ? 100 : existence[1] == 'n' ? 200 : 0);
      body.definitions += definition(std::to_string(n), std::to_string(n));
      body.tests += fmt::format(
          R"(<ind:textfilecontent54_test id="oval:x:tst:{}" version="1" comment="c" check="all"
 check_existence="{}"><ind:object object_ref="oval:x:obj:{}"/></ind:textfilecontent54_test>
)",
          n, existence, 50 + v);
      body.definitions += definition(std::to_string(n + 1000), std::to_string(n + 1000));
      body.tests += fmt::format(
          R"(<ind:textfilecontent54_test id="oval:x:tst:{}" version="1" comment="c" check="all"
 check_existence="{}"><ind:object object_ref="oval:x:obj:901"/>
<ind:state state_ref="oval:x:ste:{}"/>
</ind:textfilecontent54_test>
)",
          n + 1000, existence, 50 + v);
    }
  }
  expect_oscaps_results(body.text());
}

// Object entities whose values come from multi-valued variables (oscap collects the object
// for each value), with operations, and a filter whose state takes a variable.
TEST_F(OvalConstructsMatchOscapTest, ObjectEntitiesFromMultiValuedVariables) {
  root_.write("etc/v/a.conf", "alpha=1\nbeta=2\n");
  root_.write("etc/v/b.conf", "alpha=3\ngamma=4\n");
  root_.write("etc/v/c.txt", "alpha=5\n");
  OvalBody body;
  body.variables += constant(900, {"/etc/v/a.conf", "/etc/v/missing.conf", "/etc/v/b.conf"});
  body.variables += constant(901, {"^alpha=(\\d)$", "^gamma=(\\d)$"});
  body.variables += constant(902, {"a", "c"});
  body.variables += constant(903, {"3", "5"});
  body.variables += constant(904, {R"(^/etc/v/[ab]\.conf$)"});
  const std::string instance =
      R"(<ind:instance datatype="int" operation="greater than or equal">1</ind:instance>)";
  auto object = [&](int n, const std::string& entities) {
    body.objects += fmt::format(
        R"(<ind:textfilecontent54_object id="oval:x:obj:{}"
version="1">{}</ind:textfilecontent54_object>
)",
        n, entities);
    body.definitions += definition(std::to_string(n), std::to_string(n));
    body.tests += fmt::format(
        R"(<ind:textfilecontent54_test id="oval:x:tst:{0}" version="1" comment="c" check="all"
 check_existence="at_least_one_exists">
<ind:object object_ref="oval:x:obj:{0}"/></ind:textfilecontent54_test>
)",
        n);
  };
  object(1,
         R"(<ind:filepath var_ref="oval:x:var:900"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(2,
         R"(<ind:filepath>/etc/v/a.conf</ind:filepath>
<ind:pattern operation="pattern match" var_ref="oval:x:var:901"/>)" +
             instance);
  object(3,
         R"(<ind:filepath var_ref="oval:x:var:900"/>
<ind:pattern operation="pattern match" var_ref="oval:x:var:901"/>)" +
             instance);
  object(4,
         R"(<ind:filepath operation="pattern match" var_ref="oval:x:var:904"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(
      5,
      R"(<ind:path>/etc/v</ind:path><ind:filename operation="pattern match">\.conf$</ind:filename>
<ind:pattern operation="pattern match">^(\w+)=(\d)$</ind:pattern>)" +
          instance + R"(<filter action="exclude">oval:x:ste:1</filter>)");
  object(6,
         R"(<ind:path>/etc/v</ind:path><ind:filename operation="pattern match">.</ind:filename>
<ind:pattern operation="pattern match">^(\w+)=(\d)$</ind:pattern>)" +
             instance + R"(<filter action="include">oval:x:ste:2</filter>)");
  object(7,
         R"(<ind:filepath var_ref="oval:x:var:900"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>
<ind:instance datatype="int" var_ref="oval:x:var:903" operation="less than"/>)");
  body.states += R"(<ind:textfilecontent54_state id="oval:x:ste:1" version="1">
<ind:subexpression var_ref="oval:x:var:903" var_check="at least one" entity_check="at least one"/>
</ind:textfilecontent54_state>
<ind:textfilecontent54_state id="oval:x:ste:2" version="1">
<ind:filename operation="pattern match" var_ref="oval:x:var:902" var_check="at least one"/>
</ind:textfilecontent54_state>
)";
  body.variables += constant(905, {"/etc/v/a.conf", "/etc/v/b.conf"});
  body.variables += constant(906, {"/etc/v/a.conf"});
  object(8,
         R"(<ind:filepath var_ref="oval:x:var:905"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(9,
         R"(<ind:filepath var_ref="oval:x:var:905" var_check="at least one"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(10,
         R"(<ind:filepath var_ref="oval:x:var:906"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(11,
         R"(<ind:filepath>/etc/v/a.conf</ind:filepath>
<ind:pattern operation="pattern match" var_ref="oval:x:var:901" var_check="all"/>)" +
             instance);
  object(12,
         R"(<ind:filepath>/etc/v/a.conf</ind:filepath>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>
<ind:instance datatype="int" var_ref="oval:x:var:903" operation="less than"/>)");
  object(13,
         R"(<ind:filepath>/etc/v/b.conf</ind:filepath>
<ind:pattern operation="pattern match">^(\w+)=(\d)$</ind:pattern>
<ind:instance datatype="int" var_ref="oval:x:var:903" var_check="at least one"
operation="equals"/>)");
  body.variables += constant(907, {R"(^/etc/v/.*\.conf$)", "^/etc/v/a"});
  body.variables += constant(908, {"a.conf", "b.conf"});
  body.variables += constant(909, {"/etc/v", "/etc"});
  object(14,
         R"(<ind:filepath operation="pattern match" var_ref="oval:x:var:907"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(15,
         R"(<ind:path>/etc/v</ind:path><ind:filename var_ref="oval:x:var:908"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(16,
         R"(<ind:path var_ref="oval:x:var:909"/><ind:filename>a.conf</ind:filename>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(17,
         R"(<ind:path>/etc/v</ind:path>
<ind:filename operation="pattern match" var_ref="oval:x:var:907"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(18,
         R"(<ind:path>/etc/v</ind:path>
<ind:filename var_ref="oval:x:var:908" var_check="none satisfy"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  object(19,
         R"(<ind:filepath var_ref="oval:x:var:905" var_check="only one"/>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  body.variables += constant(910, {"1", "2"}, "int");
  object(20,
         R"(<ind:filepath>/etc/v/b.conf</ind:filepath>
<ind:pattern operation="pattern match">^(\w+)=(\d)$</ind:pattern>
<ind:instance datatype="int" var_ref="oval:x:var:910"/>)");
  object(21,
         R"(<ind:filepath>/etc/v/b.conf</ind:filepath>
<ind:pattern operation="pattern match">^(\w+)=(\d)$</ind:pattern>
<ind:instance datatype="int" var_ref="oval:x:var:910" var_check="at least one"/>)");
  body.variables += constant(911, {"/etc/v", "/etc/v"});
  object(22,
         R"(<ind:path var_ref="oval:x:var:911"/><ind:filename>a.conf</ind:filename>
<ind:pattern operation="pattern match">^alpha=(\d)$</ind:pattern>)" +
             instance);
  const auto oscap = expect_oscaps_results(body.text());
}

}  // namespace
}  // namespace patchplan::harden
