// Small JSON documents (a KEV catalog, one OSV record) read into nlohmann::json values
// through the bounded streaming input, so depth and size limits hold for them too.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "feeds/json_input.hpp"

namespace patchplan::feeds::detail {

// Receives one complete value, and whether it is an element of a top-level array; an error
// stops the reading and is returned by it.
using JsonValueSink = std::function<Status(nlohmann::json&& value, bool element)>;

// Reads the one JSON value of `source`. Errors name the file, and the line and column of
// malformed text, too-deep nesting or an over-long token.
Expected<nlohmann::json> read_json_document(ByteSource& source, const JsonLimits& limits);

// When the document is an array, hands each element to `sink` as soon as it is complete,
// so a large array of small records needs memory for one record only; any other document
// is handed over whole.
Status for_each_json_element(ByteSource& source, const JsonLimits& limits,
                             const JsonValueSink& sink);

}  // namespace patchplan::feeds::detail
