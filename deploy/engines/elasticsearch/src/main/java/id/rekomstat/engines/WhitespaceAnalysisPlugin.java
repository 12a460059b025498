package id.rekomstat.engines;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.List;
import java.util.Map;

/**
 * The {@code whitespace} analyzer and tokenizer. In the distribution they come
 * from the analysis-common module, which Maven Central does not serve; the
 * server jar alone has only the standard/keyword analyzers and the lowercase
 * filter. Both are Lucene's own classes (lucene-analysis-common is a server
 * dependency), registered under the distribution's names.
 */
public final class WhitespaceAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(new PreBuiltAnalyzerProviderFactory("whitespace", CachingStrategy.LUCENE, WhitespaceAnalyzer::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("whitespace", (indexSettings, environment, name, settings) -> {
            int maxTokenLength = settings.getAsInt("max_token_length", WhitespaceTokenizer.DEFAULT_MAX_WORD_LEN);
            return new AbstractTokenizerFactory(name) {
                @Override
                public Tokenizer create() {
                    return new WhitespaceTokenizer(WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, maxTokenLength);
                }
            };
        });
    }
}
