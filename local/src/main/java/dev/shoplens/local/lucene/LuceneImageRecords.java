package dev.shoplens.local.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.OptimisticImageRecords;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The local ingest ledger: one Lucene document per image key, written compare-and-set under a lock. */
public final class LuceneImageRecords extends OptimisticImageRecords implements Closeable {
    private static final String KEY = "key";
    private static final String JSON = "json";
    private static final String VERSION = "version";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LuceneDirectory store;

    private LuceneImageRecords(LuceneDirectory store) {
        this.store = store;
    }

    public static LuceneImageRecords open(Path path) {
        return new LuceneImageRecords(new LuceneDirectory(path, "image records"));
    }

    @Override
    protected Versioned load(ImageKey key) {
        return store.search(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(KEY, key.value())), 1);
            if (top.scoreDocs.length == 0) {
                return new Versioned(null, null);
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
            return new Versioned(fromJson(doc.getBinaryValue(JSON).utf8ToString()),
                    doc.getField(VERSION).numericValue().longValue());
        });
    }

    @Override
    protected synchronized boolean storeIf(ImageRecord record, Long expected) {
        if (!Objects.equals(load(record.key()).version(), expected)) {
            return false;
        }
        try {
            Document doc = new Document();
            doc.add(new StringField(KEY, record.key().value(), Field.Store.NO));
            doc.add(new StoredField(VERSION, expected == null ? 1L : expected + 1));
            doc.add(new StoredField(JSON, new BytesRef(toJson(record))));
            store.writer().updateDocument(new Term(KEY, record.key().value()), doc);
            store.commit();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image records", e);
        }
    }

    @Override
    public void forEach(Consumer<ImageRecord> action) {
        List<ImageRecord> all = store.search(searcher -> {
            List<ImageRecord> out = new ArrayList<>();
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().numDocs()))
                    .scoreDocs) {
                out.add(fromJson(fields.document(hit.doc).getBinaryValue(JSON).utf8ToString()));
            }
            return out;
        });
        all.forEach(action);
    }

    /** The stored form, kept apart from the domain record. */
    record Stored(String key, String status, String eventKind, String sequencer, String eTag, String eventTime,
                  String vectorId, List<String> staleVectors, String modelVersion, String failure,
                  String leaseOwner, String leaseUntil, String updatedAt) {
    }

    private static String toJson(ImageRecord r) {
        try {
            return MAPPER.writeValueAsString(new Stored(r.key().value(), r.status().name(), r.eventKind().name(),
                    r.sequencer().value(), r.eTag(), r.eventTime().toString(),
                    r.vectorId() == null ? null : r.vectorId().value(),
                    r.staleVectors().stream().map(VectorId::value).sorted().toList(), r.modelVersion(), r.failure(),
                    r.leaseOwner(), r.leaseUntil().toString(), r.updatedAt().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record always serialises", e);
        }
    }

    private static ImageRecord fromJson(String json) throws IOException {
        Stored s = MAPPER.readValue(json, Stored.class);
        return new ImageRecord(ImageKey.of(s.key()), ImageRecord.Status.valueOf(s.status()),
                ImageEvent.Kind.valueOf(s.eventKind()), new Sequencer(s.sequencer()), s.eTag(),
                Instant.parse(s.eventTime()), s.vectorId() == null ? null : new VectorId(s.vectorId()),
                s.staleVectors().stream().map(VectorId::new).collect(Collectors.toSet()),
                s.modelVersion(), s.failure(), s.leaseOwner(), Instant.parse(s.leaseUntil()),
                Instant.parse(s.updatedAt()));
    }

    @Override
    public void close() {
        store.close();
    }
}
