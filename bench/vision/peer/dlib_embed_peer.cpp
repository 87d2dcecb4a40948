// Peer for bench/vision/speed-bench.ts: dlib's own C++ face-recognition ResNet (the network
// definition from dlib's dnn_face_recognition_ex.cpp) with the original float weights, timed
// on the very chips our ONNX embedder gets.
//   dlib_embed_peer <weights.dat> <chips.rgb> <count> <descriptors.out>
// chips.rgb: count x 150 x 150 x 3 bytes (RGB). Prints JSON {"ms_per_face": ...} on stdout and
// writes count x 128 float32 descriptors, for the quantisation comparison.
#include <dlib/dnn.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

#include "dlib_resnet_net.h"

using namespace dlib;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: dlib_embed_peer <weights.dat> <chips.rgb> <count> <descriptors.out>\n";
    return 2;
  }
  anet_type net;
  deserialize(argv[1]) >> net;
  const long count = std::atol(argv[3]);
  std::ifstream in(argv[2], std::ios::binary);
  std::vector<matrix<rgb_pixel>> chips(count);
  std::vector<unsigned char> buf(150 * 150 * 3);
  for (long i = 0; i < count; ++i) {
    in.read(reinterpret_cast<char*>(buf.data()), buf.size());
    if (!in) { std::cerr << "chips file too short\n"; return 1; }
    chips[i].set_size(150, 150);
    for (long r = 0; r < 150; ++r)
      for (long c = 0; c < 150; ++c) {
        const unsigned char* p = &buf[(r * 150 + c) * 3];
        chips[i](r, c) = rgb_pixel(p[0], p[1], p[2]);
      }
  }
  // Warm-up, then one face per call: the per-face latency a service sees.
  net(chips[0]);
  std::vector<matrix<float, 0, 1>> out(count);
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < count; ++i) out[i] = net(chips[i]);
  const auto t1 = std::chrono::steady_clock::now();
  std::ofstream o(argv[4], std::ios::binary);
  for (auto& d : out) o.write(reinterpret_cast<const char*>(&d(0)), 128 * sizeof(float));
  const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / count;
  std::printf("{\"ms_per_face\": %.3f, \"count\": %ld}\n", ms, count);
  return 0;
}
