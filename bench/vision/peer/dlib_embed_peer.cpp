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

using namespace dlib;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

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
