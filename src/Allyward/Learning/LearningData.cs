using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class LearningData
{
    extension(AllywardDbContext db)
    {
        public DbSet<Course> Courses => db.Set<Course>();
        public DbSet<Lesson> Lessons => db.Set<Lesson>();
        public DbSet<QuizQuestion> QuizQuestions => db.Set<QuizQuestion>();
        public DbSet<Enrollment> Enrollments => db.Set<Enrollment>();
        public DbSet<LessonProgress> LessonProgress => db.Set<LessonProgress>();
        public DbSet<QuizAttempt> QuizAttempts => db.Set<QuizAttempt>();
        public DbSet<LearningTrack> LearningTracks => db.Set<LearningTrack>();
        public DbSet<Certification> Certifications => db.Set<Certification>();
        public DbSet<Certificate> Certificates => db.Set<Certificate>();
        public DbSet<AssignmentRule> AssignmentRules => db.Set<AssignmentRule>();
        public DbSet<LearningFile> LearningFiles => db.Set<LearningFile>();
    }
}
