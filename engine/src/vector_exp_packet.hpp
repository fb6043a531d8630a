// The loop of scaled_exp over one vector width, included by vector_exp.cpp (SSE2, the x86-64
// baseline), vector_exp_avx.cpp (compiled with -mavx) and vector_exp_avx512.cpp (-mavx512f):
// one definition, three instruction sets. Internal; see vector_exp.hpp.
//
// `width` doubles make one vector (GCC's vector extension: * is an elementwise product, and the
// type converts to the intrinsics' __m128d, __m256d, __m512d), `exp` is SLEEF's deterministic
// exponential on it. The loop lives in an anonymous namespace: each file gets its own copy
// with internal linkage, never a weak symbol the linker could pick for another instruction set.
#pragma once

#include <cstring>

namespace carecast::engine::kernel::detail {
namespace {

template <int width> struct Lanes;
template <> struct Lanes<2> { typedef double type __attribute__((vector_size(16))); };
template <> struct Lanes<4> { typedef double type __attribute__((vector_size(32))); };
template <> struct Lanes<8> { typedef double type __attribute__((vector_size(64))); };

template <int width, typename Exp>
inline void scaled_exp_lanes(Exp exp, const double* x, double scale, const double* times, int n, double* out) {
  using Vector = typename Lanes<width>::type;
  Vector factor;
  for (int k = 0; k < width; ++k) factor[k] = scale;
  const auto load = [](const double* from) {
    Vector v;
    std::memcpy(&v, from, sizeof v);
    return v;
  };
  int i = 0;
  for (; i + width <= n; i += width) {
    Vector value = exp(factor * load(x + i));
    if (times != nullptr) value = load(times + i) * value;  // times[i]·exp(…), as multiplying afterwards
    std::memcpy(out + i, &value, sizeof value);
  }
  if (i < n) {  // the last elements, padded with zeros to a whole vector
    double in[width] = {}, result[width];
    for (int k = 0; i + k < n; ++k) in[k] = x[i + k];
    const Vector value = exp(factor * load(in));
    std::memcpy(result, &value, sizeof value);
    for (int k = 0; i + k < n; ++k) out[i + k] = times == nullptr ? result[k] : times[i + k] * result[k];
  }
}

}  // namespace
}  // namespace carecast::engine::kernel::detail
