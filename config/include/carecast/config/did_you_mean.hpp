// "Did you mean": the one routine that picks a suggestion for a mistyped name, shared by the
// configuration (keys, ids, enum values) and the command line (subcommands, options,
// scenario and lever names).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::config {

// Edit distance (insertions, deletions, substitutions), byte-wise.
std::size_t levenshtein(std::string_view a, std::string_view b);

// The likeliest intended candidate for `name`, or nothing:
//   1. the first candidate that ends with '.' + `name` (at least 3 characters): a key path
//      written without its leading sections ("productivity_pct" for
//      "parameters.productivity_pct");
//   2. else the only candidate that starts with `name` (at least 3 characters): an
//      abbreviation or a key written without its unit suffix ("productivity" for
//      "productivity_pct");
//   3. else the candidate at the smallest edit distance, at most 3 and fewer than the
//      length of `name`, so a short word is never "corrected" into an unrelated one (first
//      wins ties);
//   4. else the first candidate that starts with `name` when `name` has at least 4 characters.
std::optional<std::string> closest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace carecast::config
