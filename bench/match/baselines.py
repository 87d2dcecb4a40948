"""Baselines for bench/match on the very vectors the TypeScript engines search.

Usage: baselines.py GALLERY.f32 PROBES.f32 DIM EXACT_PROBES OUT.json [--truth-only]
                    [--codes GALLERY.codes PROBES.codes] [--hnsw]
Prints nothing but progress to stderr; writes ground truth (exact top-1 per probe) and latency
figures for numpy brute force, FAISS IndexFlatIP, FAISS IndexBinaryFlat over our own 128-bit sign
codes with the same exact re-rank (--codes), and FAISS IndexHNSWFlat (--hnsw) to OUT.json.
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import faiss
import numpy as np

K = 10
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64  # same as our usearch expansion_add
HNSW_EF_SEARCH = (64, 128, 256)
RERANK_DEPTH = 256  # same as our BinaryScanEngine rerankDepth


def pct(samples):
    s = np.sort(np.asarray(samples))
    at = lambda q: float(round(s[min(len(s) - 1, int(np.ceil(q * len(s))) - 1)], 3))
    return {"p50": at(0.5), "p99": at(0.99)}


def timed(search, probes):
    out = []
    for q in probes:
        t = time.perf_counter()
        search(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def one_and_two_threads(search, probes):
    """1 thread: probes in turn. 2 threads: two Python threads each taking half; numpy's matmul and
    faiss's search release the GIL, and BLAS/OpenMP are pinned to one thread each."""
    single = timed(search, probes)
    half = len(probes) // 2
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(lambda part: timed(search, part), [probes[:half], probes[half:]]))
    wall = time.perf_counter() - started
    one, two = pct(single), pct(parts[0] + parts[1])
    return {
        "p50_ms_1t": one["p50"],
        "p99_ms_1t": one["p99"],
        "p50_ms_2t": two["p50"],
        "p99_ms_2t": two["p99"],
        "throughput_2t": round(len(probes) / wall, 1),
    }


def main():
    gallery_path, probes_path, dim, exact_probes, out_path = sys.argv[1:6]
    dim, exact_probes = int(dim), int(exact_probes)
    gallery = np.fromfile(gallery_path, dtype=np.float32).reshape(-1, dim)
    probes = np.fromfile(probes_path, dtype=np.float32).reshape(-1, dim)
    n = gallery.shape[0]
    faiss.omp_set_num_threads(1)

    truth = np.empty(len(probes), dtype=np.int64)
    for start in range(0, len(probes), 256):
        truth[start : start + 256] = np.argmax(probes[start : start + 256] @ gallery.T, axis=1)

    if "--truth-only" in sys.argv:
        # For a run of our engine alone (run.ts --engine-only): exact top-1, no latency baselines.
        with open(out_path, "w") as f:
            json.dump({"truth": truth.tolist(), "versions": {"numpy": np.__version__}}, f)
        return

    few = probes[:exact_probes]

    def numpy_search(q):
        scores = gallery @ q
        top = np.argpartition(-scores, K)[:K]
        return top[np.argsort(-scores[top])]

    print(f"[baselines] {n}: numpy", file=sys.stderr)
    result = {"numpy": one_and_two_threads(numpy_search, few)}

    flat = faiss.IndexFlatIP(dim)
    flat.add(gallery)
    print(f"[baselines] {n}: faiss flat", file=sys.stderr)
    result["faiss_flat"] = one_and_two_threads(lambda q: flat.search(q[None, :], K), few)

    if "--codes" in sys.argv:
        at = sys.argv.index("--codes")
        gallery_codes = np.fromfile(sys.argv[at + 1], dtype=np.uint8).reshape(n, -1)
        probe_codes = np.fromfile(sys.argv[at + 2], dtype=np.uint8).reshape(len(probes), -1)
        binary = faiss.IndexBinaryFlat(gallery_codes.shape[1] * 8)
        binary.add(gallery_codes)

        def binary_search(item):
            probe, code = item
            _, ids = binary.search(code[None, :], RERANK_DEPTH)
            candidates = ids[0]
            scores = gallery[candidates] @ probe
            return candidates[np.argsort(-scores)[:K]]

        print(f"[baselines] {n}: faiss binary flat + re-rank", file=sys.stderr)
        items = list(zip(probes, probe_codes))
        top1 = np.array([binary_search(item)[0] for item in items])
        result["faiss_binary"] = {
            "index": f"IndexBinaryFlat({gallery_codes.shape[1] * 8}) + exact re-rank of {RERANK_DEPTH}",
            "recall_at_1": round(float(np.mean(top1 == truth)), 4),
            "bytes_per_template": gallery_codes.shape[1] + dim * 4,
            **one_and_two_threads(binary_search, items),
        }

    if "--hnsw" not in sys.argv:
        result["truth"] = truth.tolist()
        result["versions"] = {"numpy": np.__version__, "faiss": faiss.__version__}
        with open(out_path, "w") as f:
            json.dump(result, f)
        return

    print(f"[baselines] {n}: faiss hnsw build", file=sys.stderr)
    faiss.omp_set_num_threads(2)
    hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    started = time.perf_counter()
    hnsw.add(gallery)
    build_s = time.perf_counter() - started
    faiss.omp_set_num_threads(1)
    size = len(faiss.serialize_index(hnsw))
    sweeps = {}
    for ef in HNSW_EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        _, ids = hnsw.search(probes, 1)
        recall = float(np.mean(ids[:, 0] == truth))
        figures = one_and_two_threads(lambda q: hnsw.search(q[None, :], K), probes)
        sweeps[str(ef)] = {"ef_search": ef, "recall_at_1": round(recall, 4), **figures}
        print(f"[baselines] {n}: faiss hnsw ef={ef} recall={recall:.4f}", file=sys.stderr)
    result["faiss_hnsw"] = {
        "m": HNSW_M,
        "ef_construction": HNSW_EF_CONSTRUCTION,
        "build_s": round(build_s, 2),
        "bytes_per_template": round(size / n),
        "by_ef_search": sweeps,
    }
    result["truth"] = truth.tolist()
    result["versions"] = {"numpy": np.__version__, "faiss": faiss.__version__}
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
