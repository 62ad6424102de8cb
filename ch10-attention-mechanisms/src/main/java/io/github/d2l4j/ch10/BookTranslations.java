package io.github.d2l4j.ch10;

import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last cell that 10.4 and 10.7 share: the book's four sentences translated by {@code
 * predict_seq2seq} with the attention weights kept, each printed with its BLEU (k = 2) as the book
 * prints it, {@code print(f'{eng} => {translation}, ', f'bleu ...')}: two arguments, so two spaces.
 */
final class BookTranslations {
    private static final Logger LOG = LoggerFactory.getLogger(BookTranslations.class);

    private BookTranslations() {}

    /** The four translations, and the last sentence's prediction with its attention weights. */
    record Translated(List<Translation> translations, TrainSeq2seq.Prediction last) {}

    static Translated translate(EncoderDecoder net, MachineTranslation.NmtData data, int numSteps) {
        List<Translation> translations = new ArrayList<>();
        TrainSeq2seq.Prediction last = null;
        for (int i = 0; i < Translation.ENGS.size(); i++) {
            String eng = Translation.ENGS.get(i);
            String fra = Translation.FRAS.get(i);
            last = TrainSeq2seq.predictSeq2seq(net, eng, data.srcVocab(), data.tgtVocab(), numSteps, true);
            double bleu = TrainSeq2seq.bleu(last.translation(), fra, 2);
            LOG.info(String.format(Locale.ROOT, "%s => %s,  bleu %.3f", eng, last.translation(), bleu));
            translations.add(new Translation(eng, last.translation(), fra, bleu));
        }
        return new Translated(translations, last);
    }
}
