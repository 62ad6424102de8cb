// The consumer is README's "Using d2l4j as a library": its pom.xml, logback.xml and TrainSoftmax.java
// are README's blocks, written here before the build, so that the build proves README's text as written.
// (The pom.xml in the source tree is there for the invoker to find the project; ReadmeLibraryTest keeps
// it equal to README's.)
def readme = new File(basedir, '../../../../README.md').text

def block(String readme, String name, String lang) {
    def m = readme =~ /(?s)<!-- consumer: ${java.util.regex.Pattern.quote(name)} -->\s*```${lang}\n(.*?)```/
    assert m.find() : "README.md has no \"<!-- consumer: ${name} -->\" block"
    return m.group(1)
}

def write(File file, String text) {
    file.parentFile.mkdirs()
    file.text = text
}

write(new File(basedir, 'pom.xml'), block(readme, 'pom.xml', 'xml'))
write(new File(basedir, 'src/main/resources/logback.xml'), block(readme, 'logback.xml', 'xml'))
write(new File(basedir, 'src/main/java/TrainSoftmax.java'), block(readme, 'TrainSoftmax.java', 'java'))
return true
