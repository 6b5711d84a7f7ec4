// The fixture of the OVAL construct oracle tests: documents built from small pieces
// (variables, variable objects and states, definitions) run through oscap and the engine.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "harden/tests/oval_fixture.hpp"
#include "harden/tests/oval_oracle.hpp"

namespace patchplan::harden::testing {

class OvalConstructsMatchOscapTest : public OvalOracleTest {
 protected:
  // Definition N true when the variable_object on variable oval:x:var:N has items; the
  // variable is a local_variable of `datatype` made of `component`.
  static void add_local(OvalBody& body, int n, const std::string& component,
                        const std::string& datatype = "string") {
    add_variable_test(body, n);
    body.variables += fmt::format(
        R"(<local_variable id="oval:x:var:{}" version="1" comment="c"
datatype="{}">{}</local_variable>
)",
        n, datatype, component);
  }
  // The variable_object oval:x:obj:N on variable oval:x:var:N.
  static std::string variable_object(int n) {
    return fmt::format(
        R"(<ind:variable_object id="oval:x:obj:{0}" version="1">
<ind:var_ref>oval:x:var:{0}</ind:var_ref>
</ind:variable_object>
)",
        n);
  }
  // The variable_state oval:x:ste:N: one value of `datatype` compared by `operation`.
  static std::string variable_state(int n, const std::string& datatype,
                                    const std::string& operation, const std::string& value) {
    return fmt::format(
        R"(<ind:variable_state id="oval:x:ste:{}" version="1">
<ind:value datatype="{}" operation="{}">{}</ind:value>
</ind:variable_state>
)",
        n, datatype, operation, value);
  }
  static void add_variable_test(OvalBody& body, int n) {
    body.definitions += definition(std::to_string(n), std::to_string(n));
    body.tests += fmt::format(
        R"(<ind:variable_test id="oval:x:tst:{0}" version="1" comment="c" check="all"
 check_existence="at_least_one_exists"><ind:object object_ref="oval:x:obj:{0}"/></ind:variable_test>
)",
        n);
    body.objects += variable_object(n);
  }
  static std::string constant(int n, const std::vector<std::string>& values,
                              const std::string& datatype = "string") {
    std::string text;
    for (const std::string& value : values) text += "<value>" + value + "</value>";
    return fmt::format(
        R"(<constant_variable id="oval:x:var:{}" version="1" comment="c"
datatype="{}">{}</constant_variable>
)",
        n, datatype, text);
  }
};

}  // namespace patchplan::harden::testing
