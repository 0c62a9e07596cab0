@testable import IngestAWSClient
import Testing

/// Which physical names CloudFormation generated for a template's resources (`--template` with `--stack`).
@Suite("TemplateNames.isGeneratedName: CloudFormation's generated names")
struct TemplateNamesTests {
    func generated(_ name: String, _ stack: String, _ logicalId: String) -> Bool {
        TemplateNames.isGeneratedName(name, stack: stack, logicalId: logicalId)
    }

    @Test("exact stack-LogicalId-SUFFIX, stacks with hyphens, FIFO queues")
    func exact() {
        #expect(generated("demo-Jobs-1AB2C3D4E5F6G", "demo", "Jobs"))
        #expect(generated("demo-user-onboarding-JobsDLQ-Z9Y8X7W6V5U4", "demo-user-onboarding", "JobsDLQ"))
        #expect(generated("demo-Jobs-1AB2C3D4E5F6G.fifo", "demo", "Jobs"))
        #expect(generated("demo-WelcomeFunction-AbCdEf123456", "demo", "WelcomeFunction"))
    }

    /// Cut the way CloudFormation cuts (64 for functions, 80 for queues): the budget less the suffix and two
    /// hyphens is split in halves, and only a part longer than its half is cut.
    @Test("truncated forms, filling the type's limit exactly")
    func truncated() {
        // The logical id cut (the stack is short).
        let idCut = "demo-CustomS3AutoDeleteObjectsCustomResourceProvide-AbCdEf123456"
        #expect(idCut.count == 64)
        #expect(generated(idCut, "demo", "CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F"))
        // Both cut to 25 characters.
        let bothCut = "demo-user-onboarding-pipe-WelcomeEmailSenderFunctio-AbCdEf123456"
        #expect(bothCut.count == 64)
        #expect(generated(bothCut, "demo-user-onboarding-pipeline-production", "WelcomeEmailSenderFunction"))
        // The stack cut (the logical id is short).
        let stackCut = "demo-user-onboarding-pipeline-production-eu-we-Jobs-AbCdEf123456"
        #expect(stackCut.count == 64)
        #expect(generated(stackCut, "demo-user-onboarding-pipeline-production-eu-west-1-blue", "Jobs"))
        // A queue name, 80 characters with a 13-character suffix.
        let queue = "demo-user-onboarding-pipeline-pr-UserOnboardingDeadLetterQueueForR-1AB2C3D4E5F6G"
        #expect(queue.count == 80)
        #expect(generated(queue, "demo-user-onboarding-pipeline-production", "UserOnboardingDeadLetterQueueForRetries"))
    }

    @Test("another stack, another logical id, no suffix, no hyphen: not generated for this resource")
    func nonMatches() {
        #expect(!generated("prod-Jobs-1AB2C3D4E5F6G", "demo", "Jobs"))
        #expect(!generated("demo-prod-Jobs-1AB2C3D4E5F6G", "demo", "Jobs"))
        #expect(!generated("demo-Orders-1AB2C3D4E5F6G", "demo", "Jobs"))
        #expect(!generated("demo-JobsDLQ-1AB2C3D4E5F6G", "demo", "Jobs"))
        #expect(!generated("demo-Jobs", "demo", "Jobs"))
        #expect(!generated("demoJobs", "demo", "Jobs"))
        #expect(!generated("", "demo", "Jobs"))
        // A cut logical id must still be the start of this one.
        #expect(!generated("demo-CustomS3AutoDeleteObjectsCustomResourceProvide-AbCdEf123456", "demo", "CustomCrossRegionExportWriterCustomResourceProviderRoleC951B1E1"))
        // A cut stack part must still be the start of this stack.
        #expect(!generated("demo-user-onboarding-pipe-WelcomeEmailSenderFunctio-AbCdEf123456", "demo-user-signup-pipeline-production", "WelcomeEmailSenderFunction"))
    }

    @Test("a sibling's full name is not a cut-down form of a longer logical id (Jobs vs JobsDLQ)")
    func siblingIsNotTruncated() {
        #expect(!generated("demo-stack-Jobs-1AB2C3D4E5F6G", "demo-stack", "JobsDLQ"))
        #expect(!generated("demo-user-onboarding-Welcome-AbCdEf123456", "demo-user-onboarding", "WelcomeFunction"))
        #expect(generated("demo-stack-Jobs-1AB2C3D4E5F6G", "demo-stack", "Jobs"))
    }

    @Test("matches: a name the template gives is compared as it is; a generated one needs the stack")
    func matches() {
        let named = TemplateNames.Resource(logicalId: "Jobs", type: "AWS::SQS::Queue", explicitName: "demo_jobs")
        let unnamed = TemplateNames.Resource(logicalId: "JobsDLQ", type: "AWS::SQS::Queue", explicitName: nil)
        let withStack = TemplateNames(file: "template.yaml", stack: "demo", resources: [named, unnamed])
        #expect(withStack.matches("demo_jobs", named))
        #expect(!withStack.matches("demo-Jobs-1AB2C3D4E5F6G", named))
        #expect(withStack.matches("demo-JobsDLQ-1AB2C3D4E5F6G", unnamed))
        let noStack = TemplateNames(file: "template.yaml", stack: nil, resources: [named, unnamed])
        #expect(noStack.matches("demo_jobs", named))
        #expect(!noStack.matches("demo-JobsDLQ-1AB2C3D4E5F6G", unnamed))
    }
}
