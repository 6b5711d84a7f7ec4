// Oracle fixture: oscap and the native engine on the same small OVAL document.
#include "harden/tests/oval_oracle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <set>

#include "common/root_fs.hpp"
#include "common/tests/run_process.hpp"
#include "harden/content.hpp"
#include "harden/oval_engine.hpp"
#include "harden/probes/file_tree.hpp"
#include "harden/tests/oval_fixture.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden::testing {

std::string OvalBody::text() const {
  std::string out;
  if (!definitions.empty()) out += "<definitions>" + definitions + "</definitions>\n";
  if (!tests.empty()) out += "<tests>" + tests + "</tests>\n";
  if (!objects.empty()) out += "<objects>" + objects + "</objects>\n";
  if (!states.empty()) out += "<states>" + states + "</states>\n";
  if (!variables.empty()) out += "<variables>" + variables + "</variables>\n";
  return out;
}

std::string OvalOracleTest::write_oval(const std::string& body) const {
  return dir_.write("oval.xml", oval_document(body, schema_version_)).string();
}

OvalOracleTest::OscapRun OvalOracleTest::run_oscap(const std::string& oval, bool live) const {
  const std::string results = (dir_.path() / "oscap-results.xml").string();
  patchplan::testing::ProcessOptions options;
  options.environment = oscap_environment_;
  if (live) {
    options.unset.emplace_back("OSCAP_PROBE_ROOT");
  } else {
    options.environment["OSCAP_PROBE_ROOT"] = root_.path().string();
  }
  const auto run = patchplan::testing::run_process(
      {"oscap", "oval", "eval", "--results", results, oval}, options);
  OscapRun out;
  out.exit_code = run.exit_code;
  out.output = run.out + run.err;
  // oscap prints "Definition ID: RESULT" per definition, even when an evaluation error keeps
  // it from writing the results document.
  for (std::size_t pos = 0; (pos = run.out.find("Definition ", pos)) != std::string::npos;) {
    const std::size_t end = run.out.find('\n', pos);
    const std::string line = run.out.substr(pos + 11, end - pos - 11);
    const std::size_t colon = line.rfind(": ");
    if (colon != std::string::npos) out.definitions[line.substr(0, colon)] = line.substr(colon + 2);
    if (end == std::string::npos) break;
    pos = end;
  }
  pugi::xml_document doc;
  if (!expect_results_document_) {
    doc.load_file(results.c_str());
    return out;
  }
  EXPECT_TRUE(doc.load_file(results.c_str())) << out.output;
  for (const pugi::xpath_node& node :
       doc.select_nodes("//*[local-name()='definition' and @definition_id and @result]")) {
    out.definitions[node.node().attribute("definition_id").value()] =
        node.node().attribute("result").value();
  }
  std::map<std::string, ItemEntities> items;
  for (const pugi::xpath_node& node : doc.select_nodes("//*[local-name()='system_data']/*")) {
    ItemEntities entities;
    for (pugi::xml_node c = node.node().first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view status = c.attribute("status").value();
      entities.push_back(std::string(local_name(c)) + (status.empty() || status == "exists"
                                                           ? "=" + std::string(c.text().get())
                                                           : ":" + std::string(status)));
    }
    std::sort(entities.begin(), entities.end());
    items[node.node().attribute("id").value()] = std::move(entities);
  }
  for (const pugi::xpath_node& node :
       doc.select_nodes("//*[local-name()='collected_objects']/*[local-name()='object']")) {
    ObjectSummary summary{node.node().attribute("flag").value(), 0, {}};
    for (pugi::xml_node c = node.node().first_child(); c; c = c.next_sibling()) {
      if (local_name(c) != "reference") continue;
      ++summary.items;
      summary.entities.push_back(items[c.attribute("item_ref").value()]);
    }
    std::sort(summary.entities.begin(), summary.entities.end());
    out.objects[node.node().attribute("id").value()] = summary;
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

OvalOracleTest::OscapRun OvalOracleTest::expect_oscaps_results(const std::string& body,
                                                               bool live) const {
  const std::string oval = write_oval(body);
  OscapRun oscap = run_oscap(oval, live);
  EXPECT_FALSE(oscap.definitions.empty()) << oscap.output;
  auto content = Content::load(oval);
  EXPECT_TRUE(content) << content.error().message;
  if (!content) return oscap;
  const std::string root = live ? "/" : root_.path().string();
  auto fs = RootFs::open(root);
  auto trees = FileTreeCache::open(root);
  EXPECT_TRUE(fs && trees);
  if (!fs || !trees) return oscap;
  ProbeContext probes{*fs, **trees, nullptr, ""};
  const OvalDocument& document = *content->oval(content->oval_href());
  OvalEngine engine(document, probes, {});
  for (const auto& [id, expected] : oscap.definitions) {
    EXPECT_EQ(result_name(engine.definition(id)), expected)
        << id << " (" << engine.explain(id) << engine.reason(id) << ")";
  }
  for (const auto& [id, expected] : oscap.objects) {
    const Collected& ours = engine.object(id);
    EXPECT_EQ(flag_name(ours.flag), expected.flag) << id << " (" << ours.message << ")";
    EXPECT_EQ(ours.items.size(), expected.items) << id;
    // The items' entities, those both sides have (oscap writes some the engine does not make,
    // and the other way round), except those the test does not compare.
    std::set<std::string> names;
    for (const Item& item : ours.items) {
      for (const ItemField& field : item.fields) names.insert(field.name);
    }
    auto name_of = [](const std::string& entity) {
      return entity.substr(0, entity.find_first_of("=:"));
    };
    auto keep = [&](const std::string& name) {
      return std::find(entities_not_compared_.begin(), entities_not_compared_.end(), name) ==
             entities_not_compared_.end();
    };
    std::set<std::string> oscap_names;
    std::vector<ItemEntities> theirs;
    for (const ItemEntities& entities : expected.entities) {
      ItemEntities kept;
      for (const std::string& entity : entities) {
        if (std::find(oscap_entities_dropped_.begin(), oscap_entities_dropped_.end(), entity) !=
            oscap_entities_dropped_.end()) {
          continue;
        }
        oscap_names.insert(name_of(entity));
        if (names.contains(name_of(entity)) && keep(name_of(entity))) kept.push_back(entity);
      }
      theirs.push_back(std::move(kept));
    }
    std::vector<ItemEntities> mine;
    for (const Item& item : ours.items) {
      ItemEntities kept;
      for (const ItemField& field : item.fields) {
        if (!oscap_names.contains(field.name) || !keep(field.name)) continue;
        kept.push_back(field.name + (field.exists ? "=" + field.value : ":does not exist"));
      }
      std::sort(kept.begin(), kept.end());
      mine.push_back(std::move(kept));
    }
    std::sort(theirs.begin(), theirs.end());
    std::sort(mine.begin(), mine.end());
    EXPECT_EQ(mine, theirs) << id << " items";
  }
  if (!expect_results_document_) return oscap;
  // Every variable a variable_object collects: oscap's values, in oscap's order.
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file(oval.c_str()));
  for (const pugi::xpath_node& node :
       doc.select_nodes("//*[local-name()='variable_object']/*[local-name()='var_ref']")) {
    const std::string id = node.node().text().get();
    const VariableValues& ours = engine.variable(id);
    const auto it = oscap.variables.find(id);
    const std::vector<std::string> expected =
        it == oscap.variables.end() ? std::vector<std::string>{} : it->second;
    const std::vector<std::string> got =
        ours.flag == Flag::kComplete ? ours.values : std::vector<std::string>{};
    EXPECT_EQ(got, expected) << id << " (" << flag_name(ours.flag) << ": " << ours.message << ")";
  }
  return oscap;
}

std::string OvalOracleTest::definition(const std::string& n, const std::string& test_n) {
  return definition_with(n, fmt::format(R"(<criteria><criterion test_ref="oval:x:tst:{}"/>
</criteria>)",
                                        test_n));
}

std::string OvalOracleTest::definition_with(const std::string& n, const std::string& criteria) {
  return fmt::format(
      R"(<definition id="oval:x:def:{}" version="1" class="compliance"><metadata><title>t</title>
<description>d</description></metadata>{}</definition>
)",
      n, criteria);
}

}  // namespace patchplan::harden::testing
