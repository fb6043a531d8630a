// UTF-8, as every text input must be (RFC 3629): shared by the readers of the configuration
// layer and the writers of the output layer.
#pragma once

#include <cstddef>
#include <string_view>

namespace carecast::config {

// Length of the well-formed UTF-8 sequence starting at text[i] (1 for ASCII), or 0 when it is
// not one: overlong forms, surrogates and code points above U+10FFFF are not well formed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace carecast::config
