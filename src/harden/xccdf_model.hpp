// The XCCDF 1.2 benchmark as compact structures: rules, groups, values, profiles, checks, and
// the CPE platforms and dictionary they are applicable through.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace patchplan::harden {

struct CheckExport {
  std::string value_id;     // XCCDF Value id
  std::string export_name;  // OVAL external_variable id
};

struct CheckContentRef {
  std::string href;  // catalog name of the OVAL document
  std::string name;  // OVAL definition id; empty: every definition (multi-check)
};

struct Check {
  std::string system;  // "http://oval.mitre.org/XMLSchema/oval-definitions-5", OCIL, ...
  std::string selector;
  bool multi_check = false;
  bool negate = false;
  std::vector<CheckExport> exports;
  std::vector<CheckContentRef> refs;
};

struct Fix {
  std::string system;  // "urn:xccdf:fix:script:sh", ...
  std::string text;    // the script, with <sub idref> replaced by the marker "\x01idref\x01"
};

// A Rule or a Group: the fields that selection and applicability need.
struct SelectableItem {
  std::string id;
  std::string title;
  bool selected = true;
  int parent = -1;                     // index into Benchmark::groups, -1 for the benchmark
  std::vector<std::string> platforms;  // idrefs ("#name" or a CPE name)
  std::vector<std::string> requires_;  // each entry: space-separated alternatives
  std::vector<std::string> conflicts;
};

struct Rule : SelectableItem {
  std::string severity = "unknown";
  std::string role = "full";
  double weight = 1.0;
  std::vector<Check> checks;
  std::vector<Fix> fixes;
};

struct Group : SelectableItem {
  double weight = 1.0;
};

struct Value {
  std::string id;
  std::string type = "string";
  std::string default_value;
  std::map<std::string, std::string> by_selector;
};

struct Profile {
  std::string id;
  std::string title;
  std::vector<std::pair<std::string, bool>> selects;  // idref -> selected, in document order
  std::map<std::string, std::string> refine_values;   // Value id -> selector
  std::map<std::string, std::string> set_values;      // Value id -> value
};

// A CPE applicability language logical-test.
struct LogicalTest {
  bool is_and = true;
  bool negate = false;
  std::vector<LogicalTest> tests;
  std::vector<std::string> fact_refs;                       // CPE names (dictionary)
  std::vector<std::pair<std::string, std::string>> checks;  // (OVAL href, definition id)
};

struct CpeCheck {
  std::string href;
  std::string definition;
};

struct Benchmark {
  std::string id;
  std::string title;
  std::string version;
  std::vector<std::string> platforms;  // benchmark-level platform idrefs
  std::vector<Rule> rules;             // document order
  std::vector<Group> groups;
  std::vector<Value> values;
  std::vector<Profile> profiles;
  std::unordered_map<std::string, std::size_t> rule_index;
  std::unordered_map<std::string, std::size_t> group_index;
  std::unordered_map<std::string, std::size_t> value_index;
  std::unordered_map<std::string, LogicalTest> platform_specs;  // platform id -> test
  std::unordered_map<std::string, CpeCheck> cpe_dictionary;     // CPE name -> OVAL check
};

inline constexpr const char* kOvalSystem = "http://oval.mitre.org/XMLSchema/oval-definitions-5";

}  // namespace patchplan::harden
