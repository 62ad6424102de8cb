/** Files written atomically: a reader sees the old file or the complete new one, never a part. */
package io.github.d2l4j.common.io;
