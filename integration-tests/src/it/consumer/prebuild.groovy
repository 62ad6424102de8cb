// The consumer's program is exactly the README's TrainSoftmax.java block: copy it in before the build.
def readme = new File(basedir, '../../../../README.md').text
def m = readme =~ /(?s)<!-- consumer: TrainSoftmax\.java -->\s*```java\n(.*?)```/
assert m.find() : 'README.md has no "<!-- consumer: TrainSoftmax.java -->" block'
def program = new File(basedir, 'src/main/java/TrainSoftmax.java')
program.parentFile.mkdirs()
program.text = m.group(1)
return true
