// The build log shows d2l4j's own log lines in the consumer's format: its configuration is the one used.
def log = new File(basedir, 'build.log').text
assert log.contains('consumer-log [Animator] plot: ') : 'no d2l4j log line in the consumer format'
assert !log.contains('Found resource [logback') : 'more than one logback configuration on the class path'
return true
