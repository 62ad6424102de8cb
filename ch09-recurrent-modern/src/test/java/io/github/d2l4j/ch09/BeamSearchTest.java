package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.seq2seq.Translation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 9.8: the page's example, the book's settings, and a short run translating with beams of 1, 2 and 4. */
class BeamSearchTest {

    @Test
    void thePagesExampleGreedy0048Beam0054() {
        assertThat(BeamSearch.exampleSearch(1).tokens()).containsExactly(BeamSearch.A, BeamSearch.B, BeamSearch.C);
        assertThat(Math.exp(BeamSearch.exampleSearch(1).logProb())).isCloseTo(0.048, within(1e-12));
        assertThat(BeamSearch.exampleSearch(2).tokens()).containsExactly(BeamSearch.A, BeamSearch.C, BeamSearch.B);
        assertThat(Math.exp(BeamSearch.exampleSearch(2).logProb())).isCloseTo(0.054, within(1e-12));
    }

    @Test
    void theBooksSettingsAre97s() {
        BeamSearch.Config c = BeamSearch.Config.from(RunOptions.none());
        assertThat(c.seq2seq()).isEqualTo(Seq2seq.Config.from(RunOptions.none()));
    }

    /** A wider beam never finds a less probable sequence here than greedy search's, and k = 1 is 9.7's greedy prediction. */
    @Test
    void aShortRunTranslatesEachSentenceWithEachBeam(@TempDir Path out) {
        BeamSearch.Result r = BeamSearch.run(new BeamSearch.Config(
                new Seq2seq.Config(Seq2seqSectionTest.text(20), 40, 8, 16, 2, 0.1, 64, 10, 0.05, 8, 1, out)));
        assertThat(r.greedyExample()).isCloseTo(0.048, within(1e-12));
        assertThat(r.beamExample()).isCloseTo(0.054, within(1e-12));
        assertThat(r.translations()).hasSize(Translation.ENGS.size() * BeamSearch.BEAM_SIZES.size());
        assertThat(r.translations()).allSatisfy(t -> assertThat(t.bleu()).isBetween(0.0, 1.0));
        assertThat(r.summary().toString()).contains("bleu1_k1=", "bleu4_k4=", "example_beam2=0.054");
        assertThat(out.resolve("9.7-train.png")).isRegularFile();
    }
}
