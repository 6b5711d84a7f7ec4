// Tests of JsonWriter against nlohmann::json's dump() of the same values as the oracle.
#include "plan/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace patchplan::plan {
namespace {

using nlohmann::json;

// Writes `value` with JsonWriter, member by member in the tree's (name) order.
void write(JsonWriter& w, const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      w.begin_object();
      for (const auto& [name, member] : value.items()) {
        w.key(name);
        write(w, member);
      }
      w.end_object();
      break;
    case json::value_t::array:
      w.begin_array();
      for (const auto& item : value) write(w, item);
      w.end_array();
      break;
    case json::value_t::string:
      w.string(value.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      w.boolean(value.get<bool>());
      break;
    case json::value_t::null:
      w.null();
      break;
    default:
      w.number(value.get<std::int64_t>());
  }
}

std::string dumped(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string written(const json& value, int indent) {
  std::string out;
  JsonWriter w(out, indent);
  write(w, value);
  return out;
}

const json kDocument = {
    {"empty_array", json::array()},
    {"empty_object", json::object()},
    {"nested", {{"a", {1, -2, 9007199254740993LL}}, {"b", {json::object(), json::array()}}}},
    {"flags", {true, false, nullptr}},
    {"text", "plain"},
    {"quotes", "say \"hi\" \\ back/slash"},
    {"control", "tab\there\nnew\x01\x1f line\r\b\f"},
    {"utf8",
     "Espa\xc3\xb1"
     "a \xe2\x82\xac \xf0\x9f\x98\x80"},
    {"key \"quoted\"\n", "value"},
};

TEST(JsonWriterTest, LayoutIsDumpsCompactAndIndented) {
  for (int indent : {-1, 0, 2, 4}) {
    EXPECT_EQ(written(kDocument, indent), dumped(kDocument, indent)) << "indent " << indent;
  }
}

TEST(JsonWriterTest, InvalidUtf8BecomesTheReplacementCharacterAsDumpDoes) {
  const json value = {
      {"bad",
       {std::string("a\xff"
                    "b"),
        std::string("\xc3"), std::string("x\xe2\x82y"), std::string("\xed\xa0\x80")}}};
  const std::string out = written(value, -1);
  EXPECT_EQ(out, dumped(value, -1));
  EXPECT_NE(out.find("a\xef\xbf\xbd"
                     "b"),
            std::string::npos)
      << out;
  EXPECT_TRUE(json::accept(out));
}

TEST(JsonWriterTest, EmptyContainersAndScalarsAtTopLevel) {
  for (const json& value : {json::array(), json::object(), json("s"), json(7), json(nullptr)}) {
    EXPECT_EQ(written(value, 2), dumped(value, 2));
  }
}

}  // namespace
}  // namespace patchplan::plan
