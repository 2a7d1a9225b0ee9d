package dev.shoplens.local.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The monthly cost of a deployed stack for a catalog size and a search rate, line by line with the formula
 * behind each figure. The counts per operation are the ones the code makes: an image indexed is a merchant's
 * PUT, ingest's GET, S3's message to the queue, a tenth of a receive and a delete (batches of 10), four
 * ledger and catalog writes and two reads, and a tenth of an invocation of {@code ingestMs}; a search is an
 * API request, an invocation of {@code searchMs}, and the products of one page read from DynamoDB. The
 * collection's floor is its idle OCUs around the clock; scaling above it with load is not modelled.
 */
public final class CostModel {
    static final double HOURS_PER_MONTH = 730;
    static final double GB = 1024.0 * 1024 * 1024;

    private final Prices prices;

    public CostModel(Prices prices) {
        this.prices = prices;
    }

    /** What the stack is asked to do in a month, and how long its functions take per operation. */
    public record Load(Profile profile, long catalogImages, long imagesPerMonth, long searchesPerMonth,
                       long averageImageBytes, int vectorDimensions, int ingestMemoryMb, double ingestMsPerImage,
                       int searchMemoryMb, double searchMsPerSearch, int resultsPerPage) {
        public Load {
            if (catalogImages < 0 || imagesPerMonth < 0 || searchesPerMonth < 0 || averageImageBytes < 0
                    || vectorDimensions < 1 || ingestMemoryMb < 128 || searchMemoryMb < 128 || ingestMsPerImage < 0 || searchMsPerSearch < 0
                    || resultsPerPage < 1) {
                throw new IllegalArgumentException("counts, sizes and times must not be negative; memory at least "
                        + "128 MB; dimensions and results per page at least 1");
            }
        }
    }

    /** The template's profiles: the OCUs the collection keeps when idle (indexing + search, with standby copies for prod). */
    public enum Profile {
        DEV(1.0), PROD(2.0);

        final double idleOcus;

        Profile(double idleOcus) {
            this.idleOcus = idleOcus;
        }
    }

    public record Line(String item, double dollars, String formula) {
    }

    public record Estimate(List<Line> lines, double idleDollars, double per1000Images, double per1000Searches) {
        public double total() {
            return lines.stream().mapToDouble(Line::dollars).sum();
        }
    }

    public Estimate estimate(Load load) {
        List<Line> lines = new ArrayList<>();
        double ocus = load.profile().idleOcus;
        double floor = ocus * HOURS_PER_MONTH * prices.opensearchOcuHour();
        lines.add(new Line("OpenSearch Serverless, idle floor", floor,
                fmt("%.1f OCU x %.0f h x $%.3f", ocus, HOURS_PER_MONTH, prices.opensearchOcuHour())));
        double indexGb = load.catalogImages() * (load.vectorDimensions() * 4.0 * 1.5 + 512) / GB;
        lines.add(new Line("OpenSearch Serverless, storage", indexGb * prices.opensearchStorageGbMonth(),
                fmt("%.3f GB (vectors x 1.5 for the graph, + 0.5 KB a document) x $%.3f", indexGb,
                        prices.opensearchStorageGbMonth())));
        double imageGb = load.catalogImages() * (double) load.averageImageBytes() / GB;
        lines.add(new Line("S3, catalog images stored", imageGb * prices.s3StorageGbMonth(),
                fmt("%.2f GB x $%.3f", imageGb, prices.s3StorageGbMonth())));
        double tableGb = load.catalogImages() * 1024.0 * 2 / GB;
        lines.add(new Line("DynamoDB, storage", tableGb * prices.dynamoDbStorageGbMonth(),
                fmt("%.3f GB (1 KB record + 1 KB catalog entry an image) x $%.2f", tableGb,
                        prices.dynamoDbStorageGbMonth())));
        double idle = lines.stream().mapToDouble(Line::dollars).sum();

        double perImage = ingestCostPerImage(load);
        lines.add(new Line("Ingest (S3, SQS, DynamoDB, Lambda) for the month's images", perImage * load.imagesPerMonth(),
                fmt("%d images x $%.7f", load.imagesPerMonth(), perImage)));
        double perSearch = searchCostPerSearch(load);
        lines.add(new Line("Search (API Gateway, Lambda, DynamoDB) for the month's searches",
                perSearch * load.searchesPerMonth(), fmt("%d searches x $%.7f", load.searchesPerMonth(), perSearch)));
        return new Estimate(List.copyOf(lines), idle, perImage * 1000, perSearch * 1000);
    }

    double ingestCostPerImage(Load load) {
        double lambdaSeconds = load.ingestMsPerImage() / 1000.0;
        return prices.s3PutPerThousand() / 1000 + prices.s3GetPerThousand() / 1000
                + (1 + 0.2) * prices.sqsRequestsPerMillion() / 1e6
                + 4 * prices.dynamoDbWritesPerMillion() / 1e6 + 2 * prices.dynamoDbReadsPerMillion() / 1e6
                + lambdaSeconds * load.ingestMemoryMb() / 1024.0 * prices.lambdaArmGbSecond()
                + 0.1 * prices.lambdaRequestsPerMillion() / 1e6;
    }

    double searchCostPerSearch(Load load) {
        double lambdaSeconds = load.searchMsPerSearch() / 1000.0;
        // a page's products by BatchGetItem, eventually consistent: half a read unit each
        return prices.httpApiRequestsPerMillion() / 1e6 + prices.lambdaRequestsPerMillion() / 1e6
                + lambdaSeconds * load.searchMemoryMb() / 1024.0 * prices.lambdaArmGbSecond()
                + load.resultsPerPage() * 0.5 * prices.dynamoDbReadsPerMillion() / 1e6;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
