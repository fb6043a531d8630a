// The loop of scaled_exp over one packet type, included by vector_exp.cpp (the build's
// baseline packet) and vector_exp_avx2.cpp (compiled with -mavx2): one definition, two
// instruction sets. Internal; see vector_exp.hpp.
#pragma once

#include <Eigen/Core>

namespace carecast::engine::kernel::detail {

template <typename Packet>
inline void scaled_exp_packets(const double* x, double scale, const double* times, int n, double* out) {
  using Eigen::internal::pexp;
  using Eigen::internal::pmul;
  using Eigen::internal::ploadu;
  constexpr int width = Eigen::internal::unpacket_traits<Packet>::size;
  const Packet factor = Eigen::internal::pset1<Packet>(scale);
  int i = 0;
  if (times == nullptr) {
    for (; i + width <= n; i += width) Eigen::internal::pstoreu(out + i, pexp(pmul(factor, ploadu<Packet>(x + i))));
  } else {  // times[i]·exp(…): the same product as multiplying afterwards
    for (; i + width <= n; i += width) {
      Eigen::internal::pstoreu(out + i, pmul(ploadu<Packet>(times + i), pexp(pmul(factor, ploadu<Packet>(x + i)))));
    }
  }
  if (i < n) {  // the last elements, padded with zeros to a whole packet
    alignas(64) double in[width] = {}, result[width];
    for (int k = 0; i + k < n; ++k) in[k] = x[i + k];
    Eigen::internal::pstore(result, pexp(pmul(factor, Eigen::internal::pload<Packet>(in))));
    for (int k = 0; i + k < n; ++k) out[i + k] = times == nullptr ? result[k] : times[i + k] * result[k];
  }
}

}  // namespace carecast::engine::kernel::detail
