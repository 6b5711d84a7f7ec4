// Oracle fixture: a small hand-made OVAL document evaluated by `oscap oval eval --results` and
// by the native engine on the same root (OSCAP_PROBE_ROOT) or on the running system; the
// definitions' results, the collected objects' flags and item counts and the values of the
// variables that variable_objects collect must be oscap's.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/tests/test_files.hpp"

namespace patchplan::harden::testing {

class OvalOracleTest : public ::testing::Test {
 protected:
  // An item as "name=value" entities (a status other than exists appended as "name:status"),
  // sorted.
  using ItemEntities = std::vector<std::string>;
  struct ObjectSummary {
    std::string flag;
    std::size_t items = 0;
    std::vector<ItemEntities> entities;  // each item's, sorted
  };
  // What oscap decided: definition results, collected objects, variable_item values.
  struct OscapRun {
    std::map<std::string, std::string> definitions;
    std::map<std::string, ObjectSummary> objects;
    std::map<std::string, std::vector<std::string>> variables;
    int exit_code = -1;
    std::string output;
  };

  // Writes `body` (definitions, tests, objects, states, variables) as an OVAL 5.11 document.
  [[nodiscard]] std::string write_oval(const std::string& body) const;

  // `oscap oval eval` on `oval`, under OSCAP_PROBE_ROOT=root_ unless `live`.
  [[nodiscard]] OscapRun run_oscap(const std::string& oval, bool live = false) const;

  // Runs both engines on the document made of `body` and expects oscap's results everywhere
  // (definitions, objects' flags and item counts, variables' values); returns oscap's run.
  OscapRun expect_oscaps_results(const std::string& body, bool live = false) const;

  // A compliance definition oval:x:def:N whose criteria is the one criterion oval:x:tst:T.
  static std::string definition(const std::string& n, const std::string& test_n);
  // A definition oval:x:def:N with the given criteria element.
  static std::string definition_with(const std::string& n, const std::string& criteria);

  std::string schema_version_ = "5.11";  // 5.11.2 adds debian_evr_string
  // false: oscap may stop before writing its results document (an evaluation error); only the
  // definition results it prints are compared.
  bool expect_results_document_ = true;
  // Entities (by name) whose values are not compared, with the reason in the test.
  std::vector<std::string> entities_not_compared_;
  // Entities ("name=value") dropped from oscap's items before they are compared.
  std::vector<std::string> oscap_entities_dropped_;
  std::map<std::string, std::string> oscap_environment_;  // more variables for oscap
  patchplan::testing::TempDir root_;
  patchplan::testing::TempDir dir_;
};

// Sections of a document built case by case.
struct OvalBody {
  std::string definitions, tests, objects, states, variables;
  [[nodiscard]] std::string text() const;
};

}  // namespace patchplan::harden::testing
