package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.run.Runner;
import io.github.d2l4j.common.run.Section;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class LookupApiTest {

    @Test
    void listsDistributionsAndSignatures() {
        LookupApi.Result r = LookupApi.run(new LookupApi.Config());
        assertThat(r.distributions()).contains("normal", "uniform", "bernoulli").isSorted();
        assertThat(r.onesSignatures()).isNotEmpty().allMatch(s -> s.contains("ones("));
        assertThatThrownBy(() -> LookupApi.signatures(Nd4j.class, "noSuchOp")).hasMessageContaining("no public method");
    }

    @Test
    void chapterTwoIsListed() {
        assertThat(Runner.sections().stream().map(Section::id).filter(id -> id.startsWith("2.")))
                .containsExactly("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7");
    }
}
