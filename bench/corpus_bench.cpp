// Benchmarks of stage 1, read: a generated corpus as JSON Lines (plain and gzip-compressed), as
// TSV, and as a directory tree of text files. Bytes are decompressed bytes.

// GCC 12 reports a false -Wrestrict inside Boost's gzip_compressor (GCC bug 105329); the
// pragma must precede the includes because the warning points into <string>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <wiredup/corpus.hpp>

#include <benchmark/benchmark.h>
#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace io = boost::iostreams;

constexpr int num_documents = 20'000;
constexpr int words_per_document = 100;
constexpr int num_tree_files = 2'000;

/// The generated inputs, written once per process into a temporary directory removed at exit.
class bench_corpus {
public:
    static const bench_corpus& get() {
        static const bench_corpus corpus;
        return corpus;
    }

    std::string jsonl;
    std::string jsonl_gz;
    std::string tsv;
    std::string tree;

private:
    bench_corpus() : root_(fs::temp_directory_path() / ("wiredup-bench-" + std::to_string(::getpid()))) {
        fs::create_directories(root_ / "tree");
        jsonl = (root_ / "news.jsonl").string();
        jsonl_gz = (root_ / "news.jsonl.gz").string();
        tsv = (root_ / "news.tsv").string();
        tree = (root_ / "tree").string();
        std::ofstream jsonl_out(jsonl, std::ios::binary);
        std::ofstream tsv_out(tsv, std::ios::binary);
        io::filtering_ostream gz_out;
        gz_out.push(io::gzip_compressor());
        gz_out.push(io::file_sink(jsonl_gz, std::ios::binary));
        std::mt19937 rng(7);
        for (int i = 0; i < num_documents; ++i) {
            const std::string id = "doc" + std::to_string(i);
            const std::string text = random_text(rng);
            const std::string line = R"({"id":")" + id + R"(","text":")" + text + "\"}\n";
            jsonl_out << line;
            gz_out << line;
            tsv_out << id << '\t' << text << '\n';
            if (i < num_tree_files) std::ofstream(root_ / "tree" / (id + ".txt"), std::ios::binary) << text;
        }
    }

    ~bench_corpus() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    // Zipf-like word choice over a small vocabulary, so the gzip ratio resembles real prose.
    static std::string random_text(std::mt19937& rng) {
        static const std::vector<std::string> vocabulary = [] {
            std::vector<std::string> words;
            std::mt19937 word_rng(11);
            std::uniform_int_distribution<int> length(2, 10);
            std::uniform_int_distribution<int> letter('a', 'z');
            for (int i = 0; i < 5'000; ++i) {
                std::string word(static_cast<std::size_t>(length(word_rng)), ' ');
                for (char& c : word) c = static_cast<char>(letter(word_rng));
                words.push_back(std::move(word));
            }
            return words;
        }();
        std::string text;
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int w = 0; w < words_per_document; ++w) {
            const double u = unit(rng);
            const auto index = static_cast<std::size_t>(u * u * u * static_cast<double>(vocabulary.size() - 1));
            if (w > 0) text += ' ';
            text += vocabulary[index];
        }
        return text;
    }

    fs::path root_;
};

void read_corpus(benchmark::State& state, const std::string& path) {
    std::uint64_t bytes = 0;
    std::uint64_t records = 0;
    std::uint64_t rejected = 0;
    wiredup::record r;
    for (auto _ : state) {
        wiredup::corpus_reader reader({path});
        while (reader.next(r)) {
            ++records;
            rejected += r.reason != wiredup::reject_reason::none ? 1 : 0;
            benchmark::DoNotOptimize(r.text.data());
        }
        bytes += reader.bytes_read();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(records));
    state.counters["rejected"] = static_cast<double>(rejected);
}

void BM_CorpusReadJsonl(benchmark::State& state) { read_corpus(state, bench_corpus::get().jsonl); }
void BM_CorpusReadJsonlGzip(benchmark::State& state) { read_corpus(state, bench_corpus::get().jsonl_gz); }
void BM_CorpusReadTsv(benchmark::State& state) { read_corpus(state, bench_corpus::get().tsv); }
void BM_CorpusReadDirectory(benchmark::State& state) { read_corpus(state, bench_corpus::get().tree); }

BENCHMARK(BM_CorpusReadJsonl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CorpusReadJsonlGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CorpusReadTsv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CorpusReadDirectory)->Unit(benchmark::kMillisecond);

} // namespace
