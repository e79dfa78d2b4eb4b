// Command-line names for pipeline_options, shared by every command that runs the pipeline.
#include "commands.hpp"

#include <map>
#include <string>

namespace wiredup::cli {

void add_pipeline_options(CLI::App& app, pipeline_options& o) {
    const std::map<std::string, input_format> formats{
        {"auto", input_format::automatic}, {"text", input_format::text},
        {"jsonl", input_format::jsonl}, {"tsv", input_format::tsv}};
    app.add_option("--format", o.read.format, "Input layout: auto, text, jsonl, tsv")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
        ->option_text("auto|text|jsonl|tsv (auto)")
        ->group("Read");
    app.add_option("--id-field", o.read.id_field, "JSON Lines field holding the id")->capture_default_str()->group("Read");
    app.add_option("--text-field", o.read.text_field, "JSON Lines field holding the text")
        ->capture_default_str()
        ->group("Read");
    app.add_option("--max-doc-bytes", o.read.max_document_bytes, "Reject documents larger than this")
        ->capture_default_str()
        ->group("Read");

    app.add_flag("!--no-boilerplate", o.boilerplate.enabled, "Keep lines that recur across many documents")
        ->group("Normalize");
    app.add_option("--boilerplate-min-docs", o.boilerplate.min_documents,
                   "A short line in at least this many documents is page furniture")
        ->capture_default_str()
        ->group("Normalize");
    app.add_option("--boilerplate-min-fraction", o.boilerplate.min_fraction,
                   "... or in at least this fraction of the documents, whichever is more")
        ->capture_default_str()
        ->group("Normalize");
    app.add_option("--boilerplate-max-tokens", o.boilerplate.max_tokens, "Longer lines are never furniture")
        ->capture_default_str()
        ->group("Normalize");

    const std::map<std::string, shingle_kind> kinds{{"word", shingle_kind::word}, {"char", shingle_kind::chars}};
    app.add_option("--shingle", o.shingle.kind, "Shingle kind: word (k words) or char (k code points)")
        ->transform(CLI::CheckedTransformer(kinds, CLI::ignore_case))
        ->option_text("word|char (word)")
        ->group("Shingle");
    app.add_option("-k,--shingle-width", o.shingle.width, "Words (or code points) per shingle")
        ->capture_default_str()
        ->group("Shingle");

    app.add_option("--num-perm", o.sign.num_perm, "MinHash permutations")->capture_default_str()->group("Sign");
    app.add_option("--seed", o.sign.seed, "MinHash seed")->capture_default_str()->group("Sign");
    const std::map<std::string, bool> schemes{{"one-permutation", true}, {"classic", false}};
    app.add_option("--minhash", o.sign.one_permutation,
                   "MinHash scheme: one-permutation (one hash per shingle split into --num-perm bins, "
                   "optimal densification) or classic (one permutation per slot, several times slower, "
                   "the same estimator)")
        ->transform(CLI::CheckedTransformer(schemes, CLI::ignore_case))
        ->option_text("one-permutation|classic (one-permutation)")
        ->group("Sign");

    app.add_option("--threshold", o.band.threshold, "Jaccard similarity the LSH banding is tuned for")
        ->capture_default_str()
        ->group("Band");
    app.add_option("--bands", o.band.bands, "LSH bands b (with --rows; default: chosen from --threshold)")->group("Band");
    app.add_option("--rows", o.band.rows, "LSH rows per band r")->group("Band");
    app.add_option("--max-bucket", o.band.max_bucket, "Buckets larger than this pair members by window")
        ->capture_default_str()
        ->group("Band");
    app.add_flag("--exact", o.exact,
                 "Instead of LSH, every pair with exact Jaccard >= --threshold (the oracle; keeps all shingle sets "
                 "in memory: for corpora up to tens of thousands of documents)")
        ->group("Band");
    app.add_flag("!--no-containment", o.contain.enabled, "No containment candidates (short copies inside long ones)")
        ->group("Band");
    app.add_option("--containment-sample", o.contain.sample_rate, "Keep one shingle in this many as a fingerprint")
        ->capture_default_str()
        ->group("Band");
    app.add_option("--screen-odds", o.screen_odds,
                   "Drop a candidate whose signatures agree less than a pair at the lowest Jaccard the confirm rules "
                   "accept would, with these odds (0: confirm every candidate)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0))
        ->group("Band");

    app.add_option("--near-identical", o.confirm.near_identical_jaccard,
                   "Confirm pairs with at least this shingle Jaccard, however short")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--min-shared", o.confirm.min_shared, "Shingles in common every other rule needs")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--min-jaccard", o.confirm.min_jaccard, "Confirm pairs with at least this shingle Jaccard")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--min-containment", o.confirm.min_containment,
                   "... or this containment of one in the other (with --containment-min-jaccard)")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--containment-min-jaccard", o.confirm.containment_min_jaccard,
                   "Jaccard a containment match needs as well")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--min-cosine", o.confirm.min_cosine, "... or this TF-IDF cosine (with --cosine-min-jaccard)")
        ->capture_default_str()
        ->group("Confirm");
    app.add_option("--cosine-min-jaccard", o.confirm.cosine_min_jaccard, "Jaccard a cosine match needs as well")
        ->capture_default_str()
        ->group("Confirm");

    app.add_option_function<std::uint64_t>(
           "--confirm-memory", [&o](std::uint64_t mib) { o.confirm_memory = mib << 20; },
           "MiB of document summaries confirmation may hold at once; more candidates take more blocks")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
        ->default_str(std::to_string(o.confirm_memory >> 20))
        ->group("Confirm");

    app.add_option("-j,--threads", o.threads, "Worker threads (0: all cores); output does not depend on it")
        ->capture_default_str();
}

} // namespace wiredup::cli
