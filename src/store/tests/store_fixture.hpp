// A real store in a temporary directory with a stepping clock, for the store's tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "common/tests/test_files.hpp"
#include "store/store.hpp"

namespace patchplan::store::testing {

// The store's tests keep their databases on tmpfs when the machine has one: every commit
// fsyncs, and on a busy disk those waits, not the logic, would set the suite's run time.
// TempDir follows TMPDIR; a TMPDIR set by the caller is kept.
inline const bool kTempDirsOnTmpfs = [] {
  if (std::getenv("TMPDIR") != nullptr || ::access("/dev/shm", W_OK | X_OK) != 0) return false;
  return ::setenv("TMPDIR", "/dev/shm", 0) == 0;
}();

// The timestamp written as `text` ("2026-12-04T10:00:00.000Z"); the text must be valid.
inline Timestamp at(std::string_view text) { return parse_timestamp(text).value(); }

// A clock that starts at `start` and moves on by `step` at every reading.
inline Clock stepping_clock(Timestamp start, std::chrono::milliseconds step) {
  auto next = std::make_shared<Timestamp>(start);
  return [next, step] { return std::exchange(*next, *next + step); };
}

inline const Actor kTestActor{"alice", 1000, "patchplan-test"};

// Opens `path` as a store journaling as kTestActor with a clock stepping one second.
inline Expected<Store> open_test_store(const std::string& path) {
  return Store::open(path, StoreOptions{kTestActor, stepping_clock(at("2026-12-04T10:00:00.000Z"),
                                                                   std::chrono::seconds(1))});
}

// A JournalChange by kTestActor with the given host and action.
inline JournalChange change(std::string host, std::string action, std::string reason = "") {
  JournalChange result;
  result.actor = kTestActor;
  result.host = std::move(host);
  result.action = std::move(action);
  result.reason = std::move(reason);
  return result;
}

// A fresh store at <tmp>/state/patchplan.db for each test.
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_test_store(path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_.emplace(std::move(*opened));
  }

  [[nodiscard]] std::string path() const { return (dir_.path() / "state/patchplan.db").string(); }
  Store& store() { return *store_; }
  Database& db() { return store_->database(); }

  patchplan::testing::TempDir dir_;
  std::optional<Store> store_;
};

}  // namespace patchplan::store::testing
