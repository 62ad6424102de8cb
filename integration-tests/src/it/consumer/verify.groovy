// The build log shows what README promises a program of one's own: d2l4j's progress in the format of
// README's logback.xml, and neither SLF4J's warning about a missing backend nor ND4J's start-up chatter.
def log = new File(basedir, 'build.log').text
assert log =~ /(?m)^\d\d:\d\d:\d\d plot: / : "no plot line in README's logback.xml format"
assert log =~ /(?m)^\d\d:\d\d:\d\d epoch 10, train loss / : "no per-epoch line in README's logback.xml format"
assert !log.contains('No SLF4J providers') : 'SLF4J found no logging backend'
assert !log.contains('Loaded [CpuBackend] backend') : "ND4J's INFO lines were not quieted"
assert !log.contains('Found resource [logback') : 'more than one logback configuration on the class path'
return true
