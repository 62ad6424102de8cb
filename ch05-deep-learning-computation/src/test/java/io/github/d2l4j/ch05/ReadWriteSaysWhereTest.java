package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** 5.5 writes its files under --out, not where the book does: it says where. */
class ReadWriteSaysWhereTest {
    @TempDir
    Path dir;

    @Test
    void theRunNamesTheDirectoryOfItsFiles() {
        Logger log = (Logger) LoggerFactory.getLogger(ReadWrite.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level level = log.getLevel();
        log.setLevel(Level.INFO); // tests log warnings only, unless -Dd2l.log=INFO
        log.setAdditive(false); // into the list, not onto the console
        log.addAppender(lines);
        try {
            ReadWrite.run(ReadWrite.Config.from(
                    new io.github.d2l4j.common.section.RunOptions(null, null, null, null, dir, null, null)));
        } finally {
            log.detachAppender(lines);
            log.setAdditive(true);
            log.setLevel(level);
        }
        assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage))
                .contains("the files are in " + dir.resolve("5.5-files"));
    }
}
