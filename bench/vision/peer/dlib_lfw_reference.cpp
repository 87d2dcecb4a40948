// dlib's own face pipeline on LFW, the reference for tools/models/src/lfw-dlib-reference.ts:
// HOG frontal_face_detector -> shape_predictor_5 -> get_face_chip_details(shape, 150, 0.25) ->
// extract_image_chip -> the float ResNet (network definition shared with dlib_embed_peer).
//   dlib_lfw_reference <shape_predictor_5.dat> <resnet.dat> <lfw_dir> <list.txt> <out_dir>
// list.txt: image paths relative to lfw_dir, one a line. Writes to out_dir, in list order:
//   descriptors.f32  N x 128 float32 (dlib's raw descriptor, as dlib returns it)
//   chips.rgb        N x 150 x 150 x 3 bytes (RGB)
//   faces.tsv        path, how the face was found, box (original image pixels), 5 landmarks
// and prints a JSON summary (counts, fallback box, timings) on stdout; progress on stderr.
//
// Detection, in order, until a face is found: the image upsampled once (what dlib's Python
// examples and face_recognition do); the image with a grey border, upsampled once, then twice
// (deep-funneled LFW is framed so tightly that HOG's window does not fit some faces); else the
// median box of all detections (a fixed centre box, counted as a fallback). Of several faces the
// one nearest the image centre wins: LFW labels the central person.
// Landmarks and chips are always taken from the bordered image, so a chip reaching past the
// photo shows grey, as our own pipeline's chips do (it also borders LFW images with grey).
#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "dlib_resnet_net.h"

using namespace dlib;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr long kBorder = 50;
constexpr long kChip = 150;

struct Found {
  rectangle box;  // in original image coordinates
  std::string how;
};

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

matrix<rgb_pixel> with_border(const matrix<rgb_pixel>& img) {
  matrix<rgb_pixel> out(img.nr() + 2 * kBorder, img.nc() + 2 * kBorder);
  out = rgb_pixel(128, 128, 128);
  set_subm(out, rectangle(kBorder, kBorder, kBorder + img.nc() - 1, kBorder + img.nr() - 1)) = img;
  return out;
}

// dlib's Python detector(img, upsample): pyramid_up, detect, map the boxes back down.
std::vector<rectangle> detect(frontal_face_detector& detector, const matrix<rgb_pixel>& img,
                              int upsample) {
  matrix<rgb_pixel> up = img;
  pyramid_down<2> pyr;
  for (int i = 0; i < upsample; ++i) pyramid_up(up, pyr);
  std::vector<rectangle> dets = detector(up);
  for (auto& d : dets)
    for (int i = 0; i < upsample; ++i) d = pyr.rect_down(d);
  return dets;
}

bool nearest_centre(const std::vector<rectangle>& dets, dpoint centre, rectangle& out) {
  double best = 1e18;
  for (const auto& d : dets) {
    const double dist = length_squared(dcenter(d) - centre);
    if (dist < best) best = dist, out = d;
  }
  return !dets.empty();
}

bool find_face(frontal_face_detector& detector, const matrix<rgb_pixel>& img,
               const matrix<rgb_pixel>& bordered, Found& found) {
  const dpoint centre((img.nc() - 1) / 2.0, (img.nr() - 1) / 2.0);
  if (nearest_centre(detect(detector, img, 1), centre, found.box)) {
    found.how = "upsample1";
    return true;
  }
  for (int up = 1; up <= 2; ++up) {
    rectangle r;
    if (nearest_centre(detect(detector, bordered, up), centre + dpoint(kBorder, kBorder), r)) {
      found.box = translate_rect(r, -kBorder, -kBorder);
      found.how = up == 1 ? "border+upsample1" : "border+upsample2";
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: dlib_lfw_reference <shape_predictor_5.dat> <resnet.dat> <lfw_dir> "
                 "<list.txt> <out_dir>\n";
    return 2;
  }
  shape_predictor sp;
  deserialize(argv[1]) >> sp;
  anet_type net;
  deserialize(argv[2]) >> net;
  const std::string lfw = argv[3], out_dir = argv[5];
  std::vector<std::string> paths;
  {
    std::ifstream list(argv[4]);
    for (std::string line; std::getline(list, line);)
      if (!line.empty()) paths.push_back(line);
  }
  const long n = static_cast<long>(paths.size());
  frontal_face_detector detector = get_frontal_face_detector();

  // Pass 1: detection. Boxes are kept so the fallback can use the median detected box.
  std::vector<Found> found(n);
  std::vector<bool> hit(n, false);
  long counts[3] = {0, 0, 0};
  double detect_ms = 0;
  for (long i = 0; i < n; ++i) {
    matrix<rgb_pixel> img;
    load_image(img, lfw + "/" + paths[i]);
    const auto t0 = clock_type::now();
    hit[i] = find_face(detector, img, with_border(img), found[i]);
    detect_ms += ms_since(t0);
    if (hit[i]) ++counts[found[i].how == "upsample1" ? 0 : found[i].how == "border+upsample1" ? 1 : 2];
    if ((i + 1) % 500 == 0) std::cerr << "[dlib-lfw] detected " << i + 1 << "/" << n << "\n";
  }
  std::vector<long> ls, ts, rs, bs;
  for (long i = 0; i < n; ++i)
    if (hit[i]) {
      ls.push_back(found[i].box.left()), ts.push_back(found[i].box.top());
      rs.push_back(found[i].box.right()), bs.push_back(found[i].box.bottom());
    }
  auto median = [](std::vector<long> v) {
    if (v.empty()) return 0L;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  const rectangle fallback_box(median(ls), median(ts), median(rs), median(bs));
  long fallbacks = 0;
  for (long i = 0; i < n; ++i)
    if (!hit[i]) found[i] = {fallback_box, "fallback"}, ++fallbacks;

  // Pass 2: landmarks, chip, descriptor.
  std::ofstream chips_out(out_dir + "/chips.rgb", std::ios::binary);
  std::ofstream desc_out(out_dir + "/descriptors.f32", std::ios::binary);
  std::ofstream faces_out(out_dir + "/faces.tsv");
  faces_out << "path\thow\tleft\ttop\tright\tbottom\tlandmarks_x0,y0,...,x4,y4\n";
  std::vector<unsigned char> buf(kChip * kChip * 3);
  double shape_ms = 0, embed_ms = 0;
  for (long i = 0; i < n; ++i) {
    matrix<rgb_pixel> img;
    load_image(img, lfw + "/" + paths[i]);
    const matrix<rgb_pixel> bordered = with_border(img);
    auto t0 = clock_type::now();
    const full_object_detection shape =
        sp(bordered, translate_rect(found[i].box, kBorder, kBorder));
    matrix<rgb_pixel> chip;
    extract_image_chip(bordered, get_face_chip_details(shape, kChip, 0.25), chip);
    shape_ms += ms_since(t0);
    t0 = clock_type::now();
    const matrix<float, 0, 1> d = net(chip);
    embed_ms += ms_since(t0);
    desc_out.write(reinterpret_cast<const char*>(&d(0)), 128 * sizeof(float));
    for (long r = 0; r < kChip; ++r)
      for (long c = 0; c < kChip; ++c) {
        unsigned char* p = &buf[(r * kChip + c) * 3];
        p[0] = chip(r, c).red, p[1] = chip(r, c).green, p[2] = chip(r, c).blue;
      }
    chips_out.write(reinterpret_cast<const char*>(buf.data()), buf.size());
    const rectangle& b = found[i].box;
    faces_out << paths[i] << '\t' << found[i].how << '\t' << b.left() << '\t' << b.top() << '\t'
              << b.right() << '\t' << b.bottom() << '\t';
    for (unsigned k = 0; k < shape.num_parts(); ++k)
      faces_out << (k ? "," : "") << shape.part(k).x() - kBorder << ',' << shape.part(k).y() - kBorder;
    faces_out << '\n';
    if ((i + 1) % 500 == 0) std::cerr << "[dlib-lfw] embedded " << i + 1 << "/" << n << "\n";
  }
  if (!chips_out || !desc_out || !faces_out) {
    std::cerr << "writing to " << out_dir << " failed\n";
    return 1;
  }
  std::printf(
      "{\"images\": %ld, \"upsample1\": %ld, \"border_upsample1\": %ld, \"border_upsample2\": %ld, "
      "\"fallbacks\": %ld, \"fallback_box\": [%ld, %ld, %ld, %ld], \"ms_detect\": %.2f, "
      "\"ms_landmarks_chip\": %.2f, \"ms_embed\": %.2f}\n",
      n, counts[0], counts[1], counts[2], fallbacks, fallback_box.left(), fallback_box.top(),
      fallback_box.right(), fallback_box.bottom(), detect_ms / n, shape_ms / n, embed_ms / n);
  return 0;
}
