package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
